/**
 * `migrascope stats export`: the stats file (src/stats/types.ts) from a production database, read from catalog
 * statistics alone — pg_class (reltuples, relpages), the size functions, and pg_stats' null_frac, n_distinct and
 * avg_width. No user table is ever selected from, and the pg_stats columns that hold values (most_common_vals,
 * histogram_bounds, …) are never named. docs/stats.md lists every query for a security review; keep it in step.
 *
 * Three queries in one read-only transaction, on a session that is read-only by default, with a statement and a
 * lock timeout: a mistake here cannot write, and a locked table cannot keep the export waiting for long.
 */
import pg from 'pg';
import type { ColumnStats, StatsFile, TableStats } from '../../stats/types.js';

export interface ExportOptions {
  /** Only these schemas (default: every schema but the system ones). */
  schemas?: string[];
  /** statement_timeout of each query; default 60 s. */
  timeoutMs?: number;
  /** lock_timeout: how long a size function may wait for a table another session locked; default 5 s. */
  lockTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
// The size functions take an ACCESS SHARE lock: behind a migration's ACCESS EXCLUSIVE they would wait. Give up
// instead (and say so) rather than sit in the lock queue of a production table.
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

// Schemas named pg_* are reserved for the system (pg_catalog, pg_toast, pg_temp_N, pg_toast_temp_N).
const USER_SCHEMA = `n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`;

/** Every query the export runs, in order; docs/stats.md quotes them (a test checks it does). */
export const EXPORT_QUERIES = {
  server: `SELECT current_setting('server_version') AS version`,
  relations: `
    SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
      c.reltuples::float8 AS reltuples, c.relpages::int8 AS relpages,
      CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_total_relation_size(c.oid) ELSE pg_relation_size(c.oid) END AS bytes,
      i.indrelid::int8 AS table_oid,
      (SELECT h.inhparent::int8 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid LIMIT 1) AS parent_oid,
      c.relispartition AS is_partition
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
    WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND ${USER_SCHEMA}
      AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    ORDER BY n.nspname, c.relname`,
  columns: `
    SELECT s.schemaname AS schema, s.tablename AS name, s.attname AS column, s.inherited,
      s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct, s.avg_width
    FROM pg_catalog.pg_stats s
    WHERE s.schemaname <> 'information_schema' AND s.schemaname NOT LIKE 'pg\\_%'
      AND ($1::text[] IS NULL OR s.schemaname = ANY ($1::text[]))`,
} as const;

interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  reltuples: number;
  relpages: string;
  bytes: string;
  table_oid: string | null;
  parent_oid: string | null;
  is_partition: boolean;
}

interface ColumnRow {
  schema: string;
  name: string;
  column: string;
  inherited: boolean;
  null_frac: number;
  n_distinct: number;
  avg_width: number;
}

export async function exportStats(databaseUrl: string, options: ExportOptions = {}): Promise<StatsFile> {
  const timeout = Math.max(1, Math.round(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const lockTimeout = Math.max(1, Math.round(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'migrascope stats export', connectionTimeoutMillis: 30_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // Read-only twice over: the session's default, and the transaction itself (which also holds behind a
    // transaction-pooling proxy, where a session SET may land on another server connection). The timeouts are
    // SET LOCAL for the same reason. One snapshot for all three queries; READ ONLY works on a hot standby too.
    await client.query('SET default_transaction_read_only = on');
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await client.query(`SET LOCAL statement_timeout = ${timeout}; SET LOCAL lock_timeout = ${lockTimeout}`);
      const schemas = options.schemas?.length ? options.schemas : null;
      const version = (await client.query<{ version: string }>(EXPORT_QUERIES.server)).rows[0].version;
      const relations = (await client.query<RelationRow>(EXPORT_QUERIES.relations, [schemas]).catch((error) => explainLockTimeout(error, lockTimeout))).rows;
      const columns = (await client.query<ColumnRow>(EXPORT_QUERIES.columns, [schemas])).rows;
      return {
        migrascopeStats: 1,
        exportedAt: new Date().toISOString(),
        // `16.4 (Debian 16.4-1.pgdg120+2)`: the version is the first word.
        server: `PostgreSQL ${version.split(' ')[0]}`,
        tables: buildTables(relations, columns),
      };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function explainLockTimeout(error: { code?: string; message: string }, ms: number): never {
  if (error.code === '55P03') {
    throw new Error(`a table is locked (a migration or maintenance holding ACCESS EXCLUSIVE?): its size could not be read within ${ms} ms; try again later (${error.message})`);
  }
  throw error;
}

/** Pure: catalog rows → tables, with partitioned parents summed over their partitions. */
function buildTables(relations: RelationRow[], columns: ColumnRow[]): Record<string, TableStats> {
  const byOid = new Map(relations.map((r) => [r.oid, r]));
  const key = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;
  // Partitions (of tables and of indexes) up to the root; the guard stops a malformed loop.
  const ancestors = (r: RelationRow): RelationRow[] => {
    const out: RelationRow[] = [];
    for (let p = r.parent_oid ? byOid.get(r.parent_oid) : undefined; p && !out.includes(p); p = p.parent_oid ? byOid.get(p.parent_oid) : undefined) out.push(p);
    return out;
  };
  const tables = new Map<string, TableStats>();
  const tableRows = relations.filter((r) => ['r', 'p', 'm'].includes(r.kind));
  const tableByKey = new Map(tableRows.map((r) => [key(r), r]));
  for (const r of tableRows) {
    tables.set(key(r), {
      // -1 (Postgres 14+): never vacuumed or analyzed, the count is unknown.
      rows: r.reltuples < 0 ? -1 : Math.round(r.reltuples),
      pages: Number(r.relpages),
      totalBytes: Number(r.bytes),
      columns: {},
      indexes: {},
    });
  }

  // A partitioned table stores nothing itself (relpages 0, size 0), and autovacuum never analyzes it: its size is
  // that of its partitions. Sum each leaf into every ancestor, so a sub-partitioned tree adds up at each level.
  const leafSums = new Map<string, { rows: number; analyzed: boolean; pages: number; bytes: number; largest: RelationRow | null }>();
  for (const r of tableRows) {
    if (!r.is_partition || r.kind === 'p') continue;
    for (const a of ancestors(r)) {
      if (a.kind !== 'p') continue;
      const s = leafSums.get(a.oid) ?? { rows: 0, analyzed: false, pages: 0, bytes: 0, largest: null };
      if (r.reltuples >= 0) {
        s.rows += r.reltuples;
        s.analyzed = true;
        if (!s.largest || r.reltuples > s.largest.reltuples) s.largest = r;
      }
      s.pages += Number(r.relpages);
      s.bytes += Number(r.bytes);
      leafSums.set(a.oid, s);
    }
  }
  for (const [oid, s] of leafSums) {
    const t = tables.get(key(byOid.get(oid)!))!;
    if (s.analyzed) t.rows = Math.round(s.rows);
    t.pages = s.pages;
    t.totalBytes += s.bytes;
  }

  // pg_stats has a row per column, twice for a table with inheritance children: inherited = true describes the
  // table with its children. For a partitioned table that is the only kind; for the others the table's own rows.
  for (const c of columns) {
    const t = tables.get(key(c));
    if (!t) continue;
    if (c.inherited !== (tableByKey.get(key(c))!.kind === 'p')) continue;
    t.columns[c.column] = columnStats(c);
  }
  // A partitioned parent is analyzed only by hand: without statistics of its own it takes those of its largest
  // partition (fractions and widths carry over; a distinct count is then a lower bound).
  for (const [oid, s] of leafSums) {
    const t = tables.get(key(byOid.get(oid)!))!;
    if (Object.keys(t.columns).length === 0 && s.largest) t.columns = { ...tables.get(key(s.largest))!.columns };
  }

  // Indexes: by name, under their table; a partitioned index (size 0) sums the indexes of its partitions.
  const indexBytes = new Map<string, number>();
  for (const r of relations) {
    if (r.kind !== 'i' && r.kind !== 'I') continue;
    indexBytes.set(r.oid, (indexBytes.get(r.oid) ?? 0) + Number(r.bytes));
    if (r.kind !== 'i') continue;
    for (const p of ancestors(r)) if (p.kind === 'I') indexBytes.set(p.oid, (indexBytes.get(p.oid) ?? 0) + Number(r.bytes));
  }
  for (const r of relations) {
    if ((r.kind !== 'i' && r.kind !== 'I') || !r.table_oid) continue;
    const table = byOid.get(r.table_oid);
    const t = table && tables.get(key(table));
    if (t) t.indexes[r.name] = { bytes: indexBytes.get(r.oid) ?? 0 };
  }
  return Object.fromEntries(tables);
}

function columnStats(c: ColumnRow): ColumnStats {
  // pg_stats holds float4s: six digits is all they carry, and it keeps the file free of 0.30000001192092896.
  const round = (n: number) => Number(n.toPrecision(6));
  return { nullFrac: round(c.null_frac), nDistinct: round(c.n_distinct), avgWidth: c.avg_width };
}
