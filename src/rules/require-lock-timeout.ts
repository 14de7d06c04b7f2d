import { defineRule, type RuleContext, type StatementContext } from './define.js';
import { displayName, fromNameList, fromRangeVar, keyOf, stringList, type QualifiedName } from '../sql/names.js';
import { blocksReads, lockLabel, lockStrength, statementLocks, type LockMode } from '../sql/locks.js';
import { findNodes } from '../sql/walk.js';

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    description: 'Require lock_timeout to be set before statements that take blocking locks on existing tables',
    category: 'hygiene',
    severity: 'warning',
    recommended: true,
    messages: {
      missing:
        '{{statement}} takes {{lock}} on {{table}} with no lock_timeout set earlier in this file: while it waits for a long-running transaction to finish, every later {{blocked}} on {{table}} queues behind it{{more}}.',
    },
    fix: "Start the file with SET lock_timeout = '5s'; (SET LOCAL inside a transaction) and retry the migration when it times out.",
    defaultOptions: { acceptStatementTimeout: false },
  },
  create(ctx) {
    const lockTimeout = timeoutTracker('lock_timeout');
    const statementTimeout = timeoutTracker('statement_timeout');
    const affected: BlockingStatement[] = [];
    return {
      Statement(stmt) {
        const covered = lockTimeout.active(stmt) || (ctx.options.acceptStatementTimeout === true && statementTimeout.active(stmt));
        if (!covered) {
          const blocking = blockingLock(ctx, stmt);
          if (blocking) affected.push(blocking);
        }
        lockTimeout.apply(stmt);
        statementTimeout.apply(stmt);
      },
      'File:exit'() {
        reportFirst(ctx, affected);
      },
    };
  },
});

export interface BlockingStatement {
  index: number;
  statement: string;
  table: string;
  mode: LockMode;
}

/** Reports the first statement, counting the rest: one finding per file is enough to fix it. */
export function reportFirst(ctx: RuleContext<'missing'>, affected: BlockingStatement[]): void {
  const first = affected[0];
  if (!first) return;
  const more = affected.length - 1;
  ctx.report({
    messageId: 'missing',
    statementIndex: first.index,
    data: {
      statement: first.statement,
      lock: lockLabel(first.mode),
      table: first.table,
      blocked: blocksReads(first.mode) ? 'query' : 'write',
      more: more === 0 ? '' : ` (${more} more statement${more === 1 ? '' : 's'} in this file ${more === 1 ? 'is' : 'are'} affected)`,
    },
  });
}

/** SHARE and stronger block writes; these are the locks whose queue takes an application down. */
export function blockingLock(ctx: RuleContext<string>, stmt: StatementContext): BlockingStatement | null {
  let best: { table: string; mode: LockMode } | null = null;
  const consider = (table: string, mode: LockMode) => {
    if (lockStrength(mode) < lockStrength('ShareLock')) return;
    if (!best || lockStrength(mode) > lockStrength(best.mode)) best = { table, mode };
  };
  if (!(stmt.kind === 'AlterTableStmt' && stmt.node.objtype === 'OBJECT_TYPE')) {
    // (ALTER TYPE … ADD ATTRIBUTE parses as ALTER TABLE on a composite type, which is no table.)
    for (const lock of statementLocks(stmt.kind, stmt.node)) {
      if (ctx.isExistingTable(lock.table)) consider(displayName(lock.table), lock.mode);
    }
  }
  // Locks on an index block every query that plans with it, so they count against the index's table.
  const indexes: QualifiedName[] = [];
  if (stmt.kind === 'DropStmt' && stmt.node.removeType === 'OBJECT_INDEX' && !stmt.node.concurrent) {
    for (const o of stmt.node.objects ?? []) indexes.push(fromNameList(stringList(o.List?.items)));
  }
  // ALTER INDEX … RENAME takes ACCESS EXCLUSIVE on the index before Postgres 12, SHARE UPDATE EXCLUSIVE since.
  if (stmt.kind === 'RenameStmt' && stmt.node.renameType === 'OBJECT_INDEX' && ctx.pgVersion < 12) indexes.push(fromRangeVar(stmt.node.relation));
  for (const q of indexes) {
    const index = ctx.catalog.indexes.get(keyOf(q));
    if (!index) {
      // An index the catalog never saw may exist (like an unknown table): its table is unknown, so it counts as existing.
      consider(`the table of index ${displayName(q)}`, 'AccessExclusiveLock');
      continue;
    }
    const [schema, ...rest] = index.table.split('.');
    const table: QualifiedName = { schema, name: rest.join('.') };
    if (ctx.isExistingTable(table)) consider(displayName(table), 'AccessExclusiveLock');
  }
  const found = best as { table: string; mode: LockMode } | null;
  return found ? { index: stmt.index, statement: statementLabel(stmt), table: found.table, mode: found.mode } : null;
}

const LABELS: Record<string, string> = {
  AlterTableStmt: 'ALTER TABLE',
  IndexStmt: 'CREATE INDEX',
  RenameStmt: 'ALTER … RENAME',
  TruncateStmt: 'TRUNCATE',
  ClusterStmt: 'CLUSTER',
  VacuumStmt: 'VACUUM FULL',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  ReindexStmt: 'REINDEX',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreatePolicyStmt: 'CREATE POLICY',
  AlterPolicyStmt: 'ALTER POLICY',
  RuleStmt: 'CREATE RULE',
  LockStmt: 'LOCK TABLE',
};

const DROP_LABELS: Record<string, string> = {
  OBJECT_TABLE: 'DROP TABLE',
  OBJECT_VIEW: 'DROP VIEW',
  OBJECT_MATVIEW: 'DROP MATERIALIZED VIEW',
  OBJECT_INDEX: 'DROP INDEX',
};

function statementLabel(stmt: StatementContext): string {
  if (stmt.kind === 'DropStmt') return DROP_LABELS[stmt.node.removeType] ?? 'DROP';
  return LABELS[stmt.kind] ?? stmt.kind.replace(/Stmt$/, '');
}

/**
 * Follows a timeout setting through a file: `SET`, `SET SESSION`, `SET LOCAL` (until its transaction ends),
 * `set_config(name, value, is_local)`, `RESET` and `SET … TO DEFAULT`. A value of 0 disables the timeout.
 */
export function timeoutTracker(setting: string): { active(stmt: StatementContext): boolean; apply(stmt: StatementContext): void } {
  let session = false;
  let local: { on: boolean; transaction: number } | null = null;
  const set = (on: boolean, isLocal: boolean, stmt: StatementContext) => {
    if (isLocal) {
      // SET LOCAL outside a transaction block only warns and changes nothing.
      if (stmt.transaction.inTransaction && stmt.transaction.id !== null) local = { on, transaction: stmt.transaction.id };
    } else {
      session = on;
      local = null;
    }
  };
  return {
    active(stmt) {
      if (local && stmt.transaction.inTransaction && stmt.transaction.id === local.transaction) return local.on;
      return session;
    },
    apply(stmt) {
      if (stmt.kind === 'VariableSetStmt') {
        const node = stmt.node;
        if (node.kind === 'VAR_RESET_ALL') set(false, false, stmt);
        if (node.name !== setting) return;
        if (node.kind === 'VAR_SET_VALUE') set(enables(node.args?.[0]), !!node.is_local, stmt);
        else if (node.kind === 'VAR_SET_DEFAULT' || node.kind === 'VAR_RESET') set(false, !!node.is_local, stmt);
        return;
      }
      // Only a top-level SELECT runs now; set_config in a function body runs when the function is called.
      if (stmt.kind !== 'SelectStmt') return;
      for (const call of findNodes(stmt.stmt, 'FuncCall')) {
        if (stringList(call.funcname).pop() !== 'set_config') continue;
        const [name, value, isLocal] = call.args ?? [];
        if (name?.A_Const?.sval?.sval !== setting) continue;
        set(enables(value), isLocal?.A_Const?.boolval?.boolval === true, stmt);
      }
    },
  };
}

/** `'5s'`, `5000`, `'1min'` enable the timeout; `0`, `'0'`, `'0ms'` disable it. Anything else counts as set. */
function enables(arg: any): boolean {
  const c = arg?.A_Const;
  if (!c) return true;
  if (c.ival) return (c.ival.ival ?? 0) !== 0;
  if (c.fval) return Number(c.fval.fval) !== 0;
  if (c.sval) {
    const m = /^\s*([+-]?[\d.]+)\s*[a-z]*\s*$/i.exec(c.sval.sval ?? '');
    return m ? Number(m[1]) !== 0 : true;
  }
  return true;
}
