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
  onProgress?: (message: string) => void;
  /** Connections loading tables at once; default 2. */
  concurrency?: number;
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
  try {
    const main = await openSession(databaseUrl, sessions);
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
    const rowsFor = (t: SeedTable) => options.perTable?.[`${t.schema}.${t.name}`] ?? options.perTable?.[t.name] ?? options.rows;

    const idle: Session[] = [main];
    while (idle.length < Math.min(concurrency, plan.order.length)) idle.push(await openSession(databaseUrl, sessions));
    const waiters: Array<(s: Session) => void> = [];
    const acquire = () => new Promise<Session>((resolve) => (idle.length ? resolve(idle.pop()!) : waiters.push(resolve)));
    const release = (s: Session) => (waiters.length ? waiters.shift()!(s) : idle.push(s));

    const finished = new Map<number, Promise<void>>();
    for (const t of plan.order) {
      const parents = plan.parents.get(t.oid)!.filter((p) => p !== t.oid).map((p) => finished.get(p)).filter((p): p is Promise<void> => !!p);
      finished.set(
        t.oid,
        Promise.all(parents).then(async () => {
          const session = await acquire();
          const begun = performance.now();
          try {
            const wanted = rowsFor(t);
            const outcome = await seedTable(session, t, wanted, { types: catalog.types, tables, nullKeys }).catch((error: Error) => ({
              rows: 0,
              notes: [`not seeded: ${error.message}`],
            }));
            perTable[label(t)] = outcome.rows;
            for (const message of outcome.notes) notes.push({ table: label(t), message });
            if (outcome.rows === 0 && wanted > 0 && outcome.notes.length === 0) {
              notes.push({ table: label(t), message: 'no rows were inserted' });
            }
            progress(`seeded ${label(t)}: ${outcome.rows} rows in ${((performance.now() - begun) / 1000).toFixed(1)} s`);
          } finally {
            release(session);
          }
        }),
      );
    }
    await Promise.all(finished.values());

    for (const d of plan.deferred) {
      const message = await fillDeferredKey(main, d, tables);
      if (message) notes.push({ table: label(d.table), message });
    }
    await main.query('ANALYZE');
    const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
    return { tables: loaded.length, rows, durationMs: Math.round(performance.now() - started), notes, perTable };
  } finally {
    await closeAll(sessions);
  }
}

function label(t: SeedTable): string {
  return `${t.schema}.${t.name}`;
}

async function openSession(url: string, sessions: Session[]): Promise<Session> {
  const s = await connect(url, 'seed');
  sessions.push(s);
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
