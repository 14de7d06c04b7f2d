/**
 * `migrascope stats export` against a real Postgres: the catalog statistics come through, and no row value does —
 * proved by a distinctive string that sits in pg_stats' most-common values (and never reaches the file), by
 * recording every statement the export sends, and by exporting as a role that may not read the tables at all.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { seedDatabase } from '../../src/run/seed/index.js';
import { EXPORT_QUERIES, exportStats } from '../../src/run/stats/export.js';
import { parseStatsFile, writeStatsFile } from '../../src/stats/read-stats.js';
import { useServer } from './run-helpers.js';
import { freshDatabase, withClient } from './seed/seed-helpers.js';

const server = useServer();

// In every row of people.secret: pg_stats.most_common_vals holds it after ANALYZE.
const SECRET = 'TOPSECRET-7d1f9c';

const SCHEMA = `
CREATE TABLE people (id int PRIMARY KEY, name text, kind text NOT NULL, secret text NOT NULL, bio text);
INSERT INTO people SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'name ' || g END, 'kind' || (g % 7), '${SECRET}', repeat('b', 98)
  FROM generate_series(1, 5000) g;
CREATE INDEX people_kind ON people (kind);
CREATE TABLE events (id int NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at ON events (at);
INSERT INTO events SELECT g, date '2024-01-01' + (g % 700), 'p' || g FROM generate_series(1, 3000) g;
CREATE TABLE never_analyzed (id int);
CREATE SCHEMA other;
CREATE TABLE other.things (id int PRIMARY KEY);
INSERT INTO other.things SELECT generate_series(1, 10);
CREATE TABLE tenant_notes (id int PRIMARY KEY, body text);
INSERT INTO tenant_notes SELECT g, 'note ' || g FROM generate_series(1, 100) g;
ALTER TABLE tenant_notes ENABLE ROW LEVEL SECURITY;
ANALYZE people, events_2024, events_2025, other.things, tenant_notes;
`;

async function database(): Promise<string> {
  const url = await freshDatabase(server.url());
  await withClient(url, (c) => c.query(SCHEMA));
  return url;
}

/** Every SQL text sent through any pg client while `work` runs. */
async function recordQueries<T>(work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string };
    sql.push(typeof first === 'string' ? first : first.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await work(), sql };
  } finally {
    pg.Client.prototype.query = original;
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('exportStats', () => {
  test('reads row counts, sizes, column statistics and index sizes from the catalog', async () => {
    const url = await database();
    const stats = await exportStats(url, {});
    expect(stats.migrascopeStats).toBe(1);
    expect(stats.server).toMatch(/^PostgreSQL \d+\.\d+$/);
    expect(Number.isNaN(Date.parse(stats.exportedAt))).toBe(false);

    const people = stats.tables['public.people'];
    expect(people.rows).toBe(5000);
    expect(people.pages).toBeGreaterThan(0);
    const truth = await withClient(url, async (c) => ({
      total: Number((await c.query(`SELECT pg_total_relation_size('people') AS n`)).rows[0].n),
      index: Number((await c.query(`SELECT pg_relation_size('people_kind') AS n`)).rows[0].n),
      partitionIndexes: Number((await c.query(`SELECT sum(pg_relation_size(i.indexrelid)) AS n FROM pg_index i WHERE i.indrelid IN ('events_2024'::regclass, 'events_2025'::regclass)`)).rows[0].n),
      widths: Object.fromEntries((await c.query(`SELECT attname, avg_width FROM pg_stats WHERE tablename = 'people'`)).rows.map((r) => [r.attname, r.avg_width])),
    }));
    expect(people.totalBytes).toBe(truth.total);
    expect(people.indexes).toEqual({ people_kind: { bytes: truth.index }, people_pkey: { bytes: expect.any(Number) } });
    expect(people.columns.name.nullFrac).toBeCloseTo(0.2, 5);
    expect(people.columns.kind).toEqual({ nullFrac: 0, nDistinct: 7, avgWidth: truth.widths.kind });
    expect(people.columns.id.nDistinct).toBe(-1);
    expect(people.columns.bio.avgWidth).toBe(99);
    expect(people.columns.secret).toEqual({ nullFrac: 0, nDistinct: 1, avgWidth: truth.widths.secret });

    // A partitioned table: the sum of its partitions (it was never analyzed itself), with the largest one's columns.
    const [a, b] = [stats.tables['public.events_2024'], stats.tables['public.events_2025']];
    expect(a.rows + b.rows).toBe(3000);
    const events = stats.tables['public.events'];
    expect(events.rows).toBe(3000);
    expect(events.totalBytes).toBe(a.totalBytes + b.totalBytes);
    expect(events.pages).toBe(a.pages + b.pages);
    expect(Object.keys(events.columns).sort()).toEqual(['at', 'id', 'payload']);
    expect(events.columns.id.nullFrac).toBe(0);
    expect(events.indexes.events_at.bytes).toBe(truth.partitionIndexes);

    expect(stats.tables['public.never_analyzed']).toEqual({ rows: -1, pages: 0, totalBytes: 0, columns: {}, indexes: {} });
    expect(stats.tables['other.things'].rows).toBe(10);
    expect(Object.keys(stats.tables).filter((k) => /^(pg_|information_schema)/.test(k))).toEqual([]);

    // The file round-trips.
    expect(parseStatsFile(writeStatsFile(stats), 'stats.json')).toEqual(stats);
  });

  test('--schema limits the export to those schemas', async () => {
    const url = await database();
    const stats = await exportStats(url, { schemas: ['other'] });
    expect(Object.keys(stats.tables)).toEqual(['other.things']);
  });

  test('sends only the documented catalog queries, in a read-only transaction, and no value reaches the file', async () => {
    const url = await database();
    const { result, sql } = await recordQueries(() => exportStats(url, {}));
    expect(sql.map(squash)).toEqual([
      'SET default_transaction_read_only = on',
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      expect.stringMatching(/^SET LOCAL statement_timeout = \d+; SET LOCAL lock_timeout = \d+$/),
      squash(EXPORT_QUERIES.server),
      squash(EXPORT_QUERIES.relations),
      squash(EXPORT_QUERIES.columns),
      'ROLLBACK',
    ]);
    for (const q of sql) expect(q).not.toMatch(/most_common|histogram|elem_count|correlation|\bpeople\b|\bevents\b/);
    const text = writeStatsFile(result);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('name 1');
    // The string was there to leak: pg_stats holds it.
    const mcv = await withClient(url, async (c) => (await c.query(`SELECT most_common_vals::text AS v FROM pg_stats WHERE tablename = 'people' AND attname = 'secret'`)).rows[0].v);
    expect(mcv).toContain(SECRET);
  });

  test('works for a role without SELECT on the tables: row counts and sizes, but pg_stats hides the columns', async () => {
    const url = await database();
    const role = `reader_${Math.random().toString(36).slice(2, 8)}`;
    const db = new URL(url).pathname.slice(1);
    await withClient(url, (c) =>
      c.query(`
        CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw';
        GRANT CONNECT ON DATABASE ${db} TO ${role};
        GRANT SELECT (kind) ON people TO ${role};
        GRANT SELECT ON tenant_notes TO ${role};
      `),
    );
    const roleUrl = new URL(url);
    roleUrl.username = role;
    roleUrl.password = 'reader-pw';
    // The role really cannot read the rows.
    const denied = await withClient(roleUrl.toString(), (c) => c.query('SELECT secret FROM people').then(() => null, (e: { code?: string }) => e.code));
    expect(denied).toBe('42501');

    const stats = await exportStats(roleUrl.toString(), {});
    expect(stats.tables['public.people'].rows).toBe(5000);
    expect(stats.tables['public.people'].totalBytes).toBeGreaterThan(0);
    expect(stats.tables['public.people'].indexes.people_kind.bytes).toBeGreaterThan(0);
    // pg_stats shows a column only to a role that may SELECT it …
    expect(Object.keys(stats.tables['public.people'].columns)).toEqual(['kind']);
    expect(Object.keys(stats.tables['public.events'].columns)).toEqual([]);
    // … and nothing of a table whose row-level security applies to the role, even with SELECT granted.
    expect(stats.tables['public.tenant_notes'].rows).toBe(100);
    expect(stats.tables['public.tenant_notes'].columns).toEqual({});
    expect(stats.tables['other.things'].rows).toBe(10);
    expect(writeStatsFile(stats)).not.toContain(SECRET);
  });

  test('gives up on a table another session holds locked, instead of queueing behind it', async () => {
    const url = await database();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE people IN ACCESS EXCLUSIVE MODE');
      await expect(exportStats(url, { lockTimeoutMs: 100 })).rejects.toThrow(/a table is locked.*within 100 ms/);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });
});

describe('export, seed, export again', () => {
  test('a database seeded from the stats file has statistics like the one exported from', async () => {
    const url = await database();
    const production = await exportStats(url, {});
    const copy = await freshDatabase(server.url());
    await withClient(copy, (c) => c.query('CREATE TABLE people (id int PRIMARY KEY, name text, kind text NOT NULL, secret text NOT NULL, bio text)'));
    await seedDatabase(copy, { rows: 1000, stats: production });
    const seeded = (await exportStats(copy, {})).tables['public.people'];
    const from = production.tables['public.people'];
    expect(seeded.rows).toBe(1000);
    expect(seeded.columns.kind.nDistinct).toBe(from.columns.kind.nDistinct);
    expect(seeded.columns.secret.nDistinct).toBe(1);
    expect(seeded.columns.id.nDistinct).toBe(-1);
    expect(Math.abs(seeded.columns.name.nullFrac - from.columns.name.nullFrac)).toBeLessThan(0.03);
    // -0.8: every value that is not NULL is distinct, here as there.
    expect(from.columns.name.nDistinct).toBe(-0.8);
    expect(Math.abs(seeded.columns.name.nDistinct - from.columns.name.nDistinct)).toBeLessThan(0.03);
    for (const column of ['name', 'kind', 'secret', 'bio']) expect(Math.abs(seeded.columns[column].avgWidth - from.columns[column].avgWidth)).toBeLessThanOrEqual(2);
    expect(writeStatsFile(await exportStats(copy, {}))).not.toContain(SECRET);
  });
});

describe('docs/stats.md', () => {
  test('quotes every query the export sends, as it is sent', () => {
    const docs = squash(readFileSync(new URL('../../docs/stats.md', import.meta.url), 'utf8'));
    for (const [name, q] of Object.entries(EXPORT_QUERIES)) expect(docs.includes(squash(q)) ? name : `${name} is not quoted in docs/stats.md`).toBe(name);
  });
});
