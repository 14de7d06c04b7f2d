/**
 * Indexes built after loading: a big table's secondary indexes are dropped before its rows go in and recreated
 * from their own definitions afterwards, because one sorted build costs less than maintaining each index row by
 * row (measured in bench/seed.ts: see DEFER_INDEXES_MIN_ROWS in index.ts).
 *
 * Only indexes nothing depends on are touched. PRIMARY KEY, UNIQUE and EXCLUDE constraints' indexes stay (the
 * loader's ON CONFLICT and the foreign keys pointing at them need them), and so does every unique index, every
 * index another object depends on, and every index carrying state its definition does not restore (CLUSTER mark,
 * replica identity, per-column statistics targets, an invalid index). What is recreated is what was there:
 * pg_get_indexdef (name, method, columns, expressions, INCLUDE, WITH, predicate), its tablespace and its comment.
 */
import type { Session } from '../session.js';
import { quoteIdent } from './catalog.js';

export interface DeferredIndex {
  /** Schema-qualified, quoted: `"public"."orders_created_idx"`. */
  sql: string;
  /** `schema.name`, for notes. */
  label: string;
  /** pg_get_indexdef: the CREATE INDEX that recreates it. */
  def: string;
  /** Non-default tablespace, else null (pg_get_indexdef leaves the tablespace out). */
  tablespace: string | null;
  comment: string | null;
}

/** The secondary indexes of a plain table that can be dropped while loading and recreated exactly afterwards. */
export async function readDeferrableIndexes(session: Session, tableOid: number): Promise<DeferredIndex[]> {
  const { rows } = await session.query<{ schema: string; name: string; def: string; tablespace: string | null; comment: string | null }>(
    `SELECT n.nspname AS schema, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, ts.spcname AS tablespace,
       obj_description(i.indexrelid, 'pg_class') AS comment
     FROM pg_index i
     JOIN pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = ic.relnamespace
     JOIN pg_class t ON t.oid = i.indrelid
     LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
     WHERE i.indrelid = $1 AND t.relkind = 'r' AND ic.relkind = 'i'
       AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
       AND i.indisvalid AND i.indisready AND i.indislive AND NOT i.indisclustered AND NOT i.indisreplident
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indexrelid)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.deptype = 'e')
       AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attstattarget IS NOT NULL AND a.attstattarget >= 0)
     ORDER BY ic.relname`,
    [tableOid],
  );
  return rows.map((r) => ({
    sql: `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`,
    label: `${r.schema}.${r.name}`,
    def: r.def,
    tablespace: r.tablespace,
    comment: r.comment,
  }));
}

/** Drops them all in one transaction: either every index is gone (and remembered) or none is. */
export async function dropIndexes(session: Session, indexes: DeferredIndex[]): Promise<void> {
  if (!indexes.length) return;
  await session.query('BEGIN');
  try {
    for (const index of indexes) await session.query(`DROP INDEX ${index.sql}`);
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Where loading starts, as a transaction id: every row a later transaction inserts has an xmin at or past it, so
 * the rows loaded can be told from rows a migration inserted itself.
 */
export async function loadBoundary(session: Session): Promise<string> {
  return (await session.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')).rows[0].x;
}

export interface RestoreOutcome {
  /** The rows loaded since the boundary were deleted, because an index could not be built over them. */
  rowsRemoved: boolean;
  notes: string[];
}

/**
 * Puts the dropped indexes back. An index that cannot be built over the loaded rows (an expression that fails on
 * a generated value: what the row-by-row path would have rejected at INSERT) costs the table
 * its seeded rows: they are deleted and the index is built over the rows that were there before, which it was.
 * Each step is a note; an index that still cannot be built is named with the statement that recreates it.
 */
export async function restoreIndexes(session: Session, table: { sql: string }, indexes: DeferredIndex[], boundary: string): Promise<RestoreOutcome> {
  const failed: DeferredIndex[] = [];
  const notes: string[] = [];
  // A transaction left open by a cancelled load must not swallow the rebuild.
  await session.query('ROLLBACK').catch(() => undefined);
  for (const index of indexes) {
    try {
      await createIndexRetrying(session, index);
    } catch (error) {
      failed.push(index);
      notes.push(`index ${index.label} could not be rebuilt over the seeded rows (${(error as Error).message}): the seeded rows were removed to restore it`);
    }
  }
  if (!failed.length) return { rowsRemoved: false, notes };
  try {
    await session.query(`DELETE FROM ${table.sql} WHERE age(xmin) <= age(xid($1::xid8))`, [boundary]);
  } catch (error) {
    notes.push(`removing the seeded rows failed: ${(error as Error).message}`);
  }
  for (const index of failed) {
    try {
      await createIndexRetrying(session, index);
    } catch (error) {
      notes.push(`index ${index.label} is MISSING after seeding: recreating it failed (${(error as Error).message}); it was: ${index.def}`);
    }
  }
  return { rowsRemoved: true, notes };
}

/** A cancel meant for the load may land on the rebuild that follows it: the rebuild is retried then. */
async function createIndexRetrying(session: Session, index: DeferredIndex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createIndex(session, index);
    } catch (error) {
      if ((error as { code?: string }).code !== '57014' || attempt >= 3) throw error;
    }
  }
}

/** Recreates one index as it was. Throws what CREATE INDEX threw; nothing of it is left behind then. */
export async function createIndex(session: Session, index: DeferredIndex): Promise<void> {
  await session.query('BEGIN');
  try {
    // The database's default tablespace is what an index without one gets; pg_get_indexdef omits the clause.
    await session.query(`SET LOCAL default_tablespace = ${index.tablespace === null ? "''" : quoteIdent(index.tablespace)}`);
    await session.query(index.def);
    if (index.comment !== null) await session.query(`COMMENT ON INDEX ${index.sql} IS ${quoteLiteral(index.comment)}`);
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
