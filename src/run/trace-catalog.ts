/**
 * What the migration's own session sees of the user's relations (name, kind, relfilenode) and which relation
 * locks it holds. Read by that session, inside its transaction, so uncommitted changes of earlier statements
 * count.
 *
 * Only objects with oid >= 16384 (FirstNormalObjectId) are user objects: that leaves out the system catalogs, and
 * with them the AccessShareLocks our own catalog queries take.
 *
 * Reading every relation after every statement would cost more than most statements. After a statement, only
 * pg_class rows written since the last reading are fetched: rows of this transaction with a newer command id
 * (cmin), or rows of transactions that began since (xmin past the watermark). Even that scan runs only if this
 * transaction's write counters for pg_class moved. A count tells whether relations went away (DROP), and writes
 * to pg_namespace (a schema renamed) mean a full reading.
 *
 * One blind spot: a SAVEPOINT opened by an earlier statement and still open writes with its own transaction id,
 * older than the watermark; such rows are missed until the next full reading.
 */
import { LOCK_MODES, type LockMode } from '../sql/locks.js';
import type { Session } from './session.js';

export interface Relation {
  oid: number;
  filenode: number;
  /** pg_class.relkind: r table, p partitioned table, m materialized view, i/I index, t TOAST, S sequence, v view… */
  kind: string;
  schema: string;
  name: string;
}

export type Snapshot = Map<number, Relation>;

export interface HeldLock {
  oid: number;
  mode: LockMode;
}

export const TABLE_KINDS = new Set(['r', 'p', 'm']);

const PG_CLASS = 1259;
const PG_NAMESPACE = 2615;

/** This transaction's id as text, null before it has written anything. */
const OWN_XID = `pg_catalog.pg_current_xact_id_if_assigned()::text`;
/** The same as an xid (what xmin holds: 32 bits, no epoch). */
const OWN_XMIN = `(pg_catalog.pg_current_xact_id_if_assigned()::text::int8 % 4294967296)::text::xid`;
/** No transaction that began after the reading has an id below this (one past the latest completed). */
const WATERMARK = `(pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::int8 % 4294967296)::text`;

/** Rows of a catalog this transaction has inserted, updated or deleted so far (they need an xid to do so). */
function writesTo(catalog: number, which: Array<'inserted' | 'updated' | 'deleted'> = ['inserted', 'updated', 'deleted']): string {
  return `(${which.map((w) => `pg_catalog.pg_stat_get_xact_tuples_${w}(${catalog})`).join(' + ')})`;
}

const RELATION_ROW = `json_build_array(c.oid::int8, c.relfilenode::int8, c.relkind, n.nspname, c.relname, CASE WHEN c.xmin = ${OWN_XMIN} THEN c.cmin::text::int8 END)`;
const RELATIONS_FROM = `FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid >= 16384`;

const LOCKS_OF_SQL = `SELECT relation AS oid, mode FROM pg_catalog.pg_locks
WHERE pid = $1 AND locktype = 'relation' AND granted AND relation >= 16384`;

/** Where a reading left off: what the next one compares with. */
interface Mark {
  watermark: string;
  /** The transaction of the reading (null: it had written nothing yet), and what it had written by then. */
  xid: string | null;
  classWrites: number;
  classDeletes: number;
  schemaWrites: number;
  /** The newest command id among this transaction's pg_class rows seen (-1: none). */
  cmin: number;
}

const MARK_COLUMNS =
  `${WATERMARK} AS watermark, ${OWN_XID} AS xid, ${writesTo(PG_CLASS)} AS "classWrites", ` +
  `${writesTo(PG_CLASS, ['deleted'])} AS "classDeletes", ${writesTo(PG_NAMESPACE)} AS "schemaWrites"`;

type RelationRow = [number, number, string, string, string, number | null];
type Results = Array<{ rows: any[] }>;

export class CatalogTracker {
  private constructor(
    public snapshot: Snapshot,
    private mark: Mark,
  ) {}

  static async read(session: Session): Promise<CatalogTracker> {
    const { rows } = await session.query(`SELECT ${MARK_COLUMNS}, (SELECT json_agg(${RELATION_ROW}) ${RELATIONS_FROM}) AS relations`);
    const snapshot: Snapshot = new Map();
    const cmin = addRows(snapshot, rows[0].relations ?? []);
    return new CatalogTracker(snapshot, toMark(rows[0], cmin));
  }

  /**
   * One query to send right after a statement, in the same round trip; `afterStatement` reads its row. CASE
   * evaluates a subquery only when it gets to it, so the scans cost nothing after a statement that wrote no
   * pg_class row.
   */
  followUpSql(): string {
    const m = this.mark;
    // Counters and command ids belong to a transaction: compare with the last reading's only within the same one.
    const sameXact = `${OWN_XID} = '${m.xid ?? ''}'`;
    const moved = (expr: string, before: number) => `${expr} <> (CASE WHEN ${sameXact} THEN ${before} ELSE 0 END)`;
    const written = (alias: string) =>
      `CASE WHEN ${alias}.xmin = ${OWN_XMIN} THEN ${alias}.cmin::text::int8 > (CASE WHEN ${sameXact} THEN ${m.cmin} ELSE -1 END) ` +
      `ELSE pg_catalog.age(${alias}.xmin) <= pg_catalog.age('${m.watermark}'::xid) END`;
    return (
      `SELECT ${MARK_COLUMNS}, ` +
      // statement_timestamp() is when the whole query arrived: the statement's own time, timed by the server.
      `extract(epoch FROM clock_timestamp() - statement_timestamp())::float8 * 1000 AS elapsed, ` +
      `CASE WHEN ${moved(writesTo(PG_CLASS, ['deleted']), m.classDeletes)} THEN (SELECT count(*) FROM pg_catalog.pg_class WHERE oid >= 16384) END::int AS count, ` +
      `CASE WHEN ${moved(writesTo(PG_NAMESPACE), m.schemaWrites)} THEN (SELECT count(*) FROM pg_catalog.pg_namespace n WHERE ${written('n')}) END::int AS schemas, ` +
      `CASE WHEN ${moved(writesTo(PG_CLASS), m.classWrites)} THEN (SELECT json_agg(${RELATION_ROW}) ${RELATIONS_FROM} AND ${written('c')}) END AS relations, ` +
      `(SELECT json_agg(json_build_array(relation::int8, mode)) FROM pg_catalog.pg_locks ` +
      `WHERE pid = pg_catalog.pg_backend_pid() AND locktype = 'relation' AND granted AND relation >= 16384) AS locks`
    );
  }

  /**
   * The snapshot after the statement, the locks the session holds, and (when sent in the statement's query) the
   * statement's duration, from the last result of a query that ended with `followUpSql()`.
   */
  async afterStatement(session: Session, results: Results): Promise<{ snapshot: Snapshot; locks: HeldLock[]; elapsedMs: number }> {
    const row = results.at(-1)!.rows[0];
    const changed: RelationRow[] = row.relations ?? [];
    const snapshot: Snapshot = changed.length ? new Map(this.snapshot) : this.snapshot;
    const cmin = addRows(snapshot, changed);
    // Rows only ever get added above: fewer relations than that means some were dropped.
    const dropped = row.count !== null && row.count !== snapshot.size;
    if (dropped || row.schemas > 0) {
      await this.refresh(session);
    } else {
      const sameXact = row.xid !== null && row.xid === this.mark.xid;
      this.snapshot = snapshot;
      this.mark = toMark(row, Math.max(cmin, sameXact ? this.mark.cmin : -1));
    }
    const locks = toLocks(((row.locks ?? []) as Array<[number, string]>).map(([oid, mode]) => ({ oid, mode })));
    return { snapshot: this.snapshot, locks, elapsedMs: Math.round(row.elapsed * 100) / 100 };
  }

  /** After anything untraced that may have changed relations (a ROLLBACK, the framework's bookkeeping SQL). */
  async refresh(session: Session): Promise<Snapshot> {
    const fresh = await CatalogTracker.read(session);
    this.snapshot = fresh.snapshot;
    this.mark = fresh.mark;
    return this.snapshot;
  }
}

/** Adds the rows to the snapshot; the newest command id among this transaction's rows (-1: none). */
function addRows(snapshot: Snapshot, rows: RelationRow[]): number {
  let cmin = -1;
  for (const [oid, filenode, kind, schema, name, ownCmin] of rows) {
    snapshot.set(oid, { oid, filenode, kind, schema, name });
    if (ownCmin !== null && ownCmin > cmin) cmin = ownCmin;
  }
  return cmin;
}

function toMark(row: Record<string, unknown>, cmin: number): Mark {
  return {
    watermark: String(row.watermark),
    xid: (row.xid as string | null) ?? null,
    classWrites: Number(row.classWrites),
    classDeletes: Number(row.classDeletes),
    schemaWrites: Number(row.schemaWrites),
    cmin,
  };
}

/** Locks of another backend, as an observer connection sees them; prepared once per connection (it runs often). */
export async function readLocksOf(observer: Session, pid: number): Promise<HeldLock[]> {
  return toLocks((await observer.query({ name: 'migrascope-locks-of', text: LOCKS_OF_SQL, values: [pid] })).rows);
}

function toLocks(rows: Array<{ oid: number; mode: string }>): HeldLock[] {
  // SIReadLock (serializable predicate locks) is no table lock in the documented sense.
  return rows.filter((r) => (LOCK_MODES as readonly string[]).includes(r.mode)).map((r) => ({ oid: r.oid, mode: r.mode as LockMode }));
}

/**
 * Relations whose storage was replaced, by their name in `before`: a new relfilenode, or (indexes that ALTER
 * COLUMN TYPE rebuilds, REINDEX CONCURRENTLY's swap) a new relation of the same name and kind in its place.
 */
export function rewrittenRelations(before: Snapshot, after: Snapshot): Relation[] {
  const out: Relation[] = [];
  // The tracker hands back the same map when nothing was written.
  if (before === after) return out;
  let afterByName: Map<string, Relation> | null = null;
  for (const [oid, rel] of before) {
    const now = after.get(oid);
    // Partitioned tables and indexes have no storage (filenode 0) and are never rewritten.
    if (now) {
      if (rel.filenode !== 0 && now.filenode !== rel.filenode) out.push(rel);
      continue;
    }
    afterByName ??= new Map([...after.values()].map((r) => [`${r.kind}:${qualifiedName(r)}`, r]));
    const successor = afterByName.get(`${rel.kind}:${qualifiedName(rel)}`);
    if (successor && !before.has(successor.oid) && rel.filenode !== 0) out.push(rel);
  }
  return out;
}

export function qualifiedName(rel: Pick<Relation, 'schema' | 'name'>): string {
  return `${rel.schema}.${rel.name}`;
}
