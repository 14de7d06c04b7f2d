/**
 * Constraint checks run independently of the seeder: orphan foreign keys by anti-join, duplicate keys by GROUP BY,
 * and every CHECK re-evaluated over the rows. Loading runs with triggers off, so foreign keys are only as good as
 * this says.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { withSession } from '../../../src/run/session.js';

export async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `seed_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  return withSession(url, 'test', work);
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every violation found, as readable lines; [] when the data satisfies the schema. */
export async function findViolations(c: pg.Client): Promise<string[]> {
  const problems: string[] = [];
  const cons = (
    await c.query(`
      SELECT k.conname, k.contype::text AS contype, k.conrelid::regclass::text AS rel, k.confrelid::regclass::text AS frel,
        ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
        ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS fcols,
        pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
      WHERE k.contype IN ('f', 'p', 'u', 'c') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT r.relispartition
      UNION ALL
      SELECT ic.relname, 'i', i.indrelid::regclass::text, NULL,
        ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o), NULL, NULL
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`)
  ).rows as Array<{ conname: string; contype: string; rel: string; frel: string | null; cols: string[]; fcols: string[] | null; def: string | null }>;
  for (const k of cons) {
    let sql: string;
    if (k.contype === 'f') {
      const notNull = k.cols.map((col) => `c.${q(col)} IS NOT NULL`).join(' AND ');
      const join = k.cols.map((col, i) => `p.${q(k.fcols![i])} = c.${q(col)}`).join(' AND ');
      sql = `SELECT count(*)::int AS n FROM ${k.rel} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${k.frel} p WHERE ${join})`;
    } else if (k.contype === 'c') {
      const expr = /^CHECK\s*(\(.*\))/s.exec(k.def!)![1];
      sql = `SELECT count(*)::int AS n FROM ${k.rel} WHERE NOT ${expr}`;
    } else {
      const cols = k.cols.map(q).join(', ');
      sql = `SELECT count(*)::int AS n FROM (SELECT ${cols} FROM ${k.rel} WHERE ${k.cols.map((col) => `${q(col)} IS NOT NULL`).join(' AND ')} GROUP BY ${cols} HAVING count(*) > 1) d`;
    }
    const n = (await c.query(sql)).rows[0].n as number;
    if (n > 0) problems.push(`${k.rel} ${k.conname} (${k.contype}): ${n} violating rows`);
  }
  return problems;
}

/** Row counts of every ordinary/partitioned non-partition table outside the system schemas, keyed schema.table. */
export async function rowCounts(c: pg.Client): Promise<Record<string, number>> {
  const tables = (
    await c.query(`SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`)
  ).rows as Array<{ s: string; t: string }>;
  const out: Record<string, number> = {};
  for (const { s, t } of tables) out[`${s}.${t}`] = (await c.query(`SELECT count(*)::int AS n FROM ${q(s)}.${q(t)}`)).rows[0].n;
  return out;
}
