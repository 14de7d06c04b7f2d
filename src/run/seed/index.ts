/**
 * Seeding: fills every table of the live schema with synthetic rows that satisfy its constraints, generated on
 * the server (INSERT … SELECT … FROM generate_series), parents before children, independent tables in parallel.
 *
 * Triggers (and with them the foreign-key checks) are off while loading (session_replication_role = replica,
 * where the role may set it): a trigger's side effects would insert rows the seeder fills itself, and the keys are
 * chosen from existing parent rows anyway — the tests verify every foreign key afterwards.
 */
import type { StatsFile } from '../../stats/types.js';
import { connect, closeAll, type Session } from '../session.js';
import { quoteIdent, readSeedCatalog, type SeedConstraint, type SeedTable } from './catalog.js';
import { loadOrder, type DeferredKey } from './order.js';
import { seedTable } from './table.js';
import { SeedCanceller } from './abort.js';
import { dropIndexes, loadBoundary, readDeferrableIndexes, restoreIndexes, type DeferredIndex } from './indexes.js';

/**
 * Tables loaded with at least this many rows get their secondary indexes built after loading. Measured with
 * bench/seed.ts (5 columns, primary key + one secondary index, 2M rows, 2-core VM, PostgreSQL 17): the whole seed
 * takes 7.4-8.1 s instead of 8.5-8.6 s with an index on (integer, timestamptz), whose generated keys arrive in
 * order (1.07-1.15x), and 7.7 s instead of 10.2 s with an index on a text column, whose keys do not (1.33x).
 * A stats file's distributions make more keys arrive out of order, where the gain is the larger. Below this size the
 * extra catalog reads, DROP and CREATE cost about what they save. maintenance_work_mem is left at its default:
 * 64MB, 256MB and 1GB built 5M-row text and (timestamptz, bigint) indexes in the same time within noise. Tables
 * load two at a time by default: 4 independent 1M-row tables took 15.4-16.0 s one at a time, 10.3-11.7 s two at
 * a time and 13.6-13.9 s three at a time on 2 cores.
 */
export const DEFER_INDEXES_MIN_ROWS = 50_000;

/** Rows loaded and tables finished, against what is planned. */
export interface SeedCounts {
  tables: number;
  rows: number;
}

/** The table whose end a progress call reports. */
export interface TableFinished {
  /** `schema.table`. */
  table: string;
  rows: number;
  durationMs: number;
}

export interface SeedOptions {
  /** Rows per table. */
  rows: number;
  /** Per-table overrides, keyed `schema.table` or `table`. */
  perTable?: Record<string, number>;
  /**
   * Production statistics: a table it lists (and perTable does not) gets min(its production rows, rows), and its
   * columns follow the null fractions, distinct counts and widths given.
   */
  stats?: StatsFile;
  /** A line per table seeded — unless onTableProgress is given, which then reports the tables. */
  onProgress?: (message: string) => void;
  /** Connections loading tables at once; default 2. */
  concurrency?: number;
  /**
   * After each table (and once at the start): tables and rows done so far, and the total planned. The total's rows
   * are the rows asked for, corrected to the rows actually loaded as tables finish, so done reaches total.
   * createSeedProgress (progress.ts) renders these for a terminal or a log.
   */
  onTableProgress?: (done: SeedCounts, total: SeedCounts, finished?: TableFinished) => void;
  /**
   * The run's time limit. When it fires, the statements loading are cancelled, indexes taken down for loading are
   * put back, and seedDatabase rejects with an error saying how far seeding got.
   */
  signal?: AbortSignal;
  /** Tables loaded with fewer rows keep their indexes while loading; default DEFER_INDEXES_MIN_ROWS. */
  deferIndexesMinRows?: number;
}

export interface SeedResult {
  tables: number;
  rows: number;
  durationMs: number;
  notes: Array<{ table: string; message: string }>;
  /** Rows inserted, keyed `schema.table`. */
  perTable: Record<string, number>;
}

export async function seedDatabase(databaseUrl: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const notes: SeedResult['notes'] = [];
  const perTable: Record<string, number> = {};
  const sessions: Session[] = [];
  const canceller = new SeedCanceller(databaseUrl, options.signal);
  const deferMin = options.deferIndexesMinRows ?? DEFER_INDEXES_MIN_ROWS;
  const done: SeedCounts = { tables: 0, rows: 0 };
  const total: SeedCounts = { tables: 0, rows: 0 };
  const stopped = () => new Error(notFinished(canceller.reason, perTable, total));
  try {
    if (canceller.aborted) throw stopped();
    const main = await openSession(databaseUrl, sessions, canceller);
    const catalog = await readSeedCatalog(main);
    const tables = new Map(catalog.tables.map((t) => [t.oid, t]));
    const loaded = catalog.tables.filter((t) => !t.isPartition);
    for (const t of catalog.tables) {
      if (t.isPartition) notes.push({ table: label(t), message: 'partition: filled through its partitioned parent' });
    }
    const plan = loadOrder(loaded);
    const nullKeys = new Set<SeedConstraint>([...plan.deferred, ...plan.unbreakable].map((d) => d.fk));
    for (const u of plan.unbreakable) {
      notes.push({ table: label(u.table), message: `foreign key ${u.fk.name} is NOT NULL inside a cycle of foreign keys: rows cannot reference rows loaded later` });
    }
    const rowsFor = (t: SeedTable) => {
      const given = options.perTable?.[label(t)] ?? options.perTable?.[t.name];
      if (given !== undefined) return given;
      // rows is then a cap: a 40-row lookup table gets its 40 rows. -1: never analyzed, the size is unknown.
      const production = options.stats?.tables[label(t)]?.rows;
      return production !== undefined && production >= 0 ? Math.min(production, options.rows) : options.rows;
    };

    const idle: Session[] = [main];
    while (idle.length < Math.min(concurrency, plan.order.length)) idle.push(await openSession(databaseUrl, sessions, canceller));
    total.tables = plan.order.length;
    total.rows = plan.order.reduce((n, t) => n + Math.max(0, rowsFor(t)), 0);
    options.onTableProgress?.({ ...done }, { ...total });
    const waiters: Array<(s: Session) => void> = [];
    const acquire = () => new Promise<Session>((resolve) => (idle.length ? resolve(idle.pop()!) : waiters.push(resolve)));
    const release = (s: Session) => (waiters.length ? waiters.shift()!(s) : idle.push(s));

    const finished = new Map<number, Promise<void>>();
    for (const t of plan.order) {
      const parents = plan.parents.get(t.oid)!.filter((p) => p !== t.oid).map((p) => finished.get(p)).filter((p): p is Promise<void> => !!p);
      finished.set(
        t.oid,
        Promise.all(parents).then(async () => {
          if (canceller.aborted) return;
          const session = await acquire();
          const begun = performance.now();
          try {
            // The signal may have fired while this table waited for a session.
            if (canceller.aborted) return;
            const wanted = rowsFor(t);
            const stats = options.stats?.tables[label(t)];
            if (wanted === 0 && stats?.rows === 0) notes.push({ table: label(t), message: 'not seeded: empty in production (stats file)' });
            const deferred = await deferIndexes(session, t, wanted, deferMin, canceller);
            canceller.begin(session);
            const outcome = await seedTable(session, t, wanted, { types: catalog.types, tables, nullKeys, stats }).catch((error: Error) => ({
              rows: 0,
              notes: [`not seeded: ${error.message}`],
            }));
            canceller.end(session);
            if (deferred) {
              const restored = await restoreIndexes(session, t, deferred.indexes, deferred.boundary);
              if (restored.rowsRemoved) outcome.rows = 0;
              outcome.notes.push(...restored.notes);
            }
            perTable[label(t)] = outcome.rows;
            for (const message of outcome.notes) notes.push({ table: label(t), message });
            if (outcome.rows === 0 && wanted > 0 && outcome.notes.length === 0) {
              notes.push({ table: label(t), message: 'no rows were inserted' });
            }
            const durationMs = Math.round(performance.now() - begun);
            done.tables += 1;
            done.rows += outcome.rows;
            total.rows += outcome.rows - Math.max(0, wanted);
            if (options.onTableProgress) options.onTableProgress({ ...done }, { ...total }, { table: label(t), rows: outcome.rows, durationMs });
            else progress(`seeded ${label(t)}: ${outcome.rows} rows in ${(durationMs / 1000).toFixed(1)} s`);
          } finally {
            canceller.end(session);
            release(session);
          }
        }),
      );
    }
    await Promise.all(finished.values());
    if (canceller.aborted) throw stopped();

    canceller.begin(main);
    try {
      for (const d of plan.deferred) {
        const message = await fillDeferredKey(main, d, tables);
        if (canceller.aborted) throw stopped();
        if (message) notes.push({ table: label(d.table), message });
      }
      await main.query('ANALYZE');
    } catch (error) {
      throw canceller.aborted ? stopped() : error;
    } finally {
      canceller.end(main);
    }
    const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
    return { tables: loaded.length, rows, durationMs: Math.round(performance.now() - started), notes, perTable };
  } finally {
    await canceller.close();
    await closeAll(sessions);
  }
}

function notFinished(reason: string | null, perTable: Record<string, number>, planned: SeedCounts): string {
  const seeded = Object.values(perTable).filter((n) => n > 0);
  const rows = seeded.reduce((a, b) => a + b, 0);
  return (
    `seeding did not finish within the run's time limit${reason ? ` (${reason})` : ''}: ` +
    (planned.tables ? `${seeded.length} of ${planned.tables} tables seeded, ${rows.toLocaleString('en-US')} rows; ` : 'no table was seeded; ') +
    'raise --timeout or lower --seed-rows'
  );
}

/** Takes a big table's secondary indexes down for loading (all or none); null when none are. */
async function deferIndexes(session: Session, t: SeedTable, wanted: number, min: number, canceller: SeedCanceller): Promise<{ indexes: DeferredIndex[]; boundary: string } | null> {
  if (wanted < min || canceller.aborted) return null;
  try {
    const indexes = await readDeferrableIndexes(session, t.oid);
    if (!indexes.length) return null;
    const boundary = await loadBoundary(session);
    await dropIndexes(session, indexes);
    return { indexes, boundary };
  } catch {
    // Nothing was dropped (the drop is one transaction): the table loads with its indexes in place.
    return null;
  }
}

function label(t: SeedTable): string {
  return `${t.schema}.${t.name}`;
}

async function openSession(url: string, sessions: Session[], canceller: SeedCanceller): Promise<Session> {
  const s = await connect(url, 'seed');
  sessions.push(s);
  await canceller.register(s);
  // No nested loops: a LIMIT (rows filtered by a CHECK) makes the planner pick one over the parent-key joins,
  // which turns a load of n rows into n × parent rows of work.
  await s.query("SET statement_timeout = 0; SET synchronous_commit = off; SET work_mem = '64MB'; SET enable_nestloop = off");
  await s.query('SET session_replication_role = replica').catch(() => undefined);
  return s;
}

/**
 * A foreign key loaded NULL (a cycle, a self-reference): each row now takes the key of a parent row, row i of
 * the child the (i+1)-th parent row, so a self-reference points at another row. Where the key columns are unique
 * in the child, rows past the number of parents keep NULL.
 */
async function fillDeferredKey(session: Session, d: DeferredKey, tables: Map<number, SeedTable>): Promise<string | null> {
  const { table, fk } = d;
  const parent = tables.get(fk.refTable);
  if (!parent) return `foreign key ${fk.name} left NULL: the referenced table is not seeded`;
  const cols = fk.columns.map((a) => quoteIdent(table.columns.find((c) => c.attnum === a)!.name));
  const keys = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a)!.name));
  const count = Number((await session.query(`SELECT count(*) AS n FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}`)).rows[0].n);
  if (count === 0) return `foreign key ${fk.name} left NULL: ${parent.schema}.${parent.name} has no rows`;
  const uniqueOnKey = table.constraints.some((k) => ['p', 'u', 'i'].includes(k.type) && k.columns.length > 0 && k.columns.every((a) => fk.columns.includes(a)));
  const sql =
    `WITH c AS (SELECT ctid AS tid, row_number() OVER () AS rn FROM ${table.sql} WHERE ${cols.map((c) => `${c} IS NULL`).join(' AND ')}), ` +
    `p AS (SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}, row_number() OVER () AS rn FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}) ` +
    `UPDATE ${table.sql} t SET ${cols.map((c, i) => `${c} = p.k${i}`).join(', ')} FROM c JOIN p ON p.rn = (c.rn % ${count}) + 1 ` +
    `WHERE t.ctid = c.tid${uniqueOnKey ? ` AND c.rn <= ${count}` : ''}`;
  try {
    await session.query(sql);
    return null;
  } catch (error) {
    const e = error as { message: string };
    return `foreign key ${fk.name} left NULL (loaded NULL to break a cycle or self-reference, the fill failed: ${e.message})`;
  }
}
