/**
 * Statements Postgres refuses inside a transaction block (`PreventInTransactionBlock` in its source), with the
 * command name Postgres puts in the error: `<command> cannot run inside a transaction block`. A multi-statement
 * simple query is an implicit transaction block, so these fail there too.
 */
import type { RelationKind } from '../catalog/types.js';
import type { FormatName } from '../report/types.js';
import { fromNameList, fromRangeVar, stringList, type QualifiedName } from './names.js';
import { statementLocks, strongest, type LockMode } from './locks.js';

export interface TransactionRuleContext {
  pgVersion: number;
  /** The kind of a table or view, when the schema model knows it. */
  relationKind?(name: QualifiedName): RelationKind | undefined;
  /** The kind of the relation an index belongs to, when the schema model knows the index. */
  indexRelationKind?(name: QualifiedName): RelationKind | undefined;
}

export interface RefusedInTransaction {
  /** The command as Postgres names it in the error, e.g. `CREATE INDEX CONCURRENTLY`. */
  command: string;
}

/** A DefElem's boolean value as Postgres' defGetBoolean reads it (no argument means true). */
export function defElemBool(def: any): boolean | null {
  const arg = def?.arg;
  if (arg === undefined || arg === null) return true;
  if (arg.Boolean) return !!arg.Boolean.boolval;
  if (arg.Integer) return (arg.Integer.ival ?? 0) !== 0;
  const text: string | undefined = arg.String?.sval ?? stringList(arg.TypeName?.names).at(-1);
  if (text === undefined) return null;
  const v = text.toLowerCase();
  if (['true', 'on', 't', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'off', 'f', 'no', 'n', '0'].includes(v)) return false;
  return null;
}

/** The value of a named option in a DefElem list (`WITH (a = b)`, `REINDEX (CONCURRENTLY)`, `VACUUM (FULL)`). */
export function findOption(options: unknown[] | undefined, name: string): any | undefined {
  return (options ?? []).map((o: any) => o?.DefElem).find((d: any) => d?.defname === name);
}

/** True when the boolean option is present and not turned off (`VACUUM (FULL false)` is not FULL). */
export function optionOn(options: unknown[] | undefined, name: string): boolean {
  const def = findOption(options, name);
  return def !== undefined && defElemBool(def) !== false;
}

export function isConcurrentReindex(node: any): boolean {
  return optionOn(node?.params, 'concurrently');
}

/** `VACUUM` (not plain `ANALYZE`) with `FULL` on. */
export function isVacuumFull(node: any): boolean {
  return !!node?.is_vacuumcmd && optionOn(node.options, 'full');
}

/**
 * The command Postgres refuses to run inside a transaction block, or null when the statement may run in one.
 * `ALTER TYPE … ADD VALUE` before PostgreSQL 12 is included; its exception (the enum was created in the same
 * transaction) needs transaction state and is left to the caller. `DROP SUBSCRIPTION` is refused only when the
 * subscription still has a replication slot, which the caller may know better (`subscriptionWithoutSlot`).
 */
export function refusedInTransaction(
  kind: string,
  node: any,
  ctx: TransactionRuleContext,
  subscriptionWithoutSlot: (name: string) => boolean = () => false,
): RefusedInTransaction | null {
  const command = refusedCommand(kind, node, ctx, subscriptionWithoutSlot);
  return command ? { command } : null;
}

function refusedCommand(kind: string, node: any, ctx: TransactionRuleContext, noSlot: (name: string) => boolean): string | null {
  switch (kind) {
    case 'IndexStmt':
      return node.concurrent ? 'CREATE INDEX CONCURRENTLY' : null;
    case 'DropStmt':
      return node.removeType === 'OBJECT_INDEX' && node.concurrent ? 'DROP INDEX CONCURRENTLY' : null;
    case 'ReindexStmt':
      return reindexCommand(node, ctx);
    case 'AlterTableStmt':
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent) return 'ALTER TABLE ... DETACH CONCURRENTLY';
      }
      return null;
    case 'VacuumStmt':
      // ANALYZE alone (is_vacuumcmd false) may run in a transaction.
      return node.is_vacuumcmd ? 'VACUUM' : null;
    case 'ClusterStmt': {
      // CLUSTER without a table, or on a partitioned table (PostgreSQL 15+), processes each table in its own transaction.
      if (!node.relation) return 'CLUSTER';
      return ctx.relationKind?.(fromRangeVar(node.relation)) === 'partitioned-table' ? 'CLUSTER' : null;
    }
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterDatabaseStmt':
      return findOption(node.options, 'tablespace') ? 'ALTER DATABASE SET TABLESPACE' : null;
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateSubscriptionStmt': {
      // create_slot defaults to true, and to false when connect = false.
      const connect = findOption(node.options, 'connect');
      const createSlot = findOption(node.options, 'create_slot');
      const slot = createSlot ? defElemBool(createSlot) !== false : !connect || defElemBool(connect) !== false;
      return slot ? 'CREATE SUBSCRIPTION ... WITH (create_slot = true)' : null;
    }
    case 'DropSubscriptionStmt':
      return noSlot(node.subname) ? null : 'DROP SUBSCRIPTION';
    case 'AlterSubscriptionStmt':
      if (node.kind === 'ALTER_SUBSCRIPTION_REFRESH') return 'ALTER SUBSCRIPTION ... REFRESH';
      if (['ALTER_SUBSCRIPTION_SET_PUBLICATION', 'ALTER_SUBSCRIPTION_ADD_PUBLICATION', 'ALTER_SUBSCRIPTION_DROP_PUBLICATION'].includes(node.kind)) {
        const refresh = findOption(node.options, 'refresh');
        return !refresh || defElemBool(refresh) !== false ? 'ALTER SUBSCRIPTION with refresh' : null;
      }
      return null;
    case 'DiscardStmt':
      return node.target === 'DISCARD_ALL' ? 'DISCARD ALL' : null;
    case 'TransactionStmt':
      if (node.kind === 'TRANS_STMT_COMMIT_PREPARED') return 'COMMIT PREPARED';
      if (node.kind === 'TRANS_STMT_ROLLBACK_PREPARED') return 'ROLLBACK PREPARED';
      return null;
    case 'AlterEnumStmt':
      return ctx.pgVersion < 12 && node.newVal !== undefined && node.oldVal === undefined ? 'ALTER TYPE ... ADD' : null;
    default:
      return null;
  }
}

function reindexCommand(node: any, ctx: TransactionRuleContext): string | null {
  // Postgres checks CONCURRENTLY first, so that is the command its error names.
  if (isConcurrentReindex(node)) return 'REINDEX CONCURRENTLY';
  switch (node.kind) {
    case 'REINDEX_OBJECT_SCHEMA':
      return 'REINDEX SCHEMA';
    case 'REINDEX_OBJECT_DATABASE':
      return 'REINDEX DATABASE';
    case 'REINDEX_OBJECT_SYSTEM':
      return 'REINDEX SYSTEM';
  }
  // Partitioned tables and indexes are reindexed partition by partition, one transaction each (PostgreSQL 14+).
  if (ctx.pgVersion < 14 || !node.relation) return null;
  const q = fromRangeVar(node.relation);
  if (node.kind === 'REINDEX_OBJECT_TABLE' && ctx.relationKind?.(q) === 'partitioned-table') return 'REINDEX TABLE';
  if (node.kind === 'REINDEX_OBJECT_INDEX' && ctx.indexRelationKind?.(q) === 'partitioned-table') return 'REINDEX INDEX';
  return null;
}

/** `ALTER TYPE … ADD VALUE` (not RENAME VALUE): the enum's name and the new label. */
export function addedEnumValue(kind: string, node: any): { type: QualifiedName; value: string; ifNotExists: boolean } | null {
  if (kind !== 'AlterEnumStmt' || node.oldVal !== undefined || node.newVal === undefined) return null;
  return { type: fromNameList(stringList(node.typeName)), value: node.newVal, ifNotExists: !!node.skipIfNewValExists };
}

export interface TransactionControl {
  kind: 'begin' | 'commit' | 'rollback';
  /** `COMMIT AND CHAIN` / `ROLLBACK AND CHAIN` start a new transaction at once. */
  chain: boolean;
}

/**
 * BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK / ABORT. `PREPARE TRANSACTION` ends the session's
 * transaction too (it becomes a prepared one), so it counts as a commit here.
 */
export function transactionControl(kind: string, node: any): TransactionControl | null {
  if (kind !== 'TransactionStmt') return null;
  switch (node.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return { kind: 'begin', chain: false };
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_PREPARE':
      return { kind: 'commit', chain: !!node.chain };
    case 'TRANS_STMT_ROLLBACK':
      return { kind: 'rollback', chain: !!node.chain };
    default:
      return null;
  }
}

/**
 * The strongest lock that earlier statements of the same transaction already hold on a table (locks are kept
 * until the transaction ends), or null when the statement runs in autocommit or nothing earlier locked it.
 * A quick statement that needs no stronger lock than this adds no blocking of its own.
 */
export function lockHeldInTransaction(
  statements: ReadonlyArray<{ kind: string; node: any; index: number; transaction: { id: number | null } }>,
  current: { index: number; transaction: { id: number | null } },
  table: QualifiedName,
): LockMode | null {
  const id = current.transaction.id;
  if (id === null) return null;
  let held: LockMode | null = null;
  for (const s of statements) {
    if (s.index >= current.index) break;
    if (s.transaction.id !== id) continue;
    for (const lock of statementLocks(s.kind, s.node)) {
      if (lock.table.schema === table.schema && lock.table.name === table.name) held = held ? strongest(held, lock.mode) : lock.mode;
    }
  }
  return held;
}

const TOOL_NAMES: Record<FormatName, string> = {
  plain: 'the migration runner',
  flyway: 'Flyway',
  'golang-migrate': 'golang-migrate',
  goose: 'goose',
  dbmate: 'dbmate',
  prisma: 'Prisma Migrate',
  diesel: 'diesel',
  sqlx: 'sqlx',
  sqitch: 'sqitch',
};

/** The migration tool behind a file format, as messages name it. */
export function migrationToolName(format: FormatName): string {
  return TOOL_NAMES[format];
}
