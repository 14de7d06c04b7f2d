/**
 * The table-level locks a statement takes, as the PostgreSQL documentation lists them per command
 * ("Explicit Locking" and each ALTER TABLE subcommand's notes). Static rules use this to say which lock a
 * statement holds and what it blocks; the database run measures the same thing for real.
 */
import { fromNameList, fromRangeVar, stringList, type QualifiedName } from './names.js';

/** Postgres' own names, as pg_locks.mode shows them, weakest first. */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

export interface TableLock {
  table: QualifiedName;
  mode: LockMode;
}

export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongest(a: LockMode, b: LockMode): LockMode {
  return lockStrength(a) >= lockStrength(b) ? a : b;
}

/** SELECT (AccessShareLock) waits only behind ACCESS EXCLUSIVE. */
export function blocksReads(mode: LockMode): boolean {
  return mode === 'AccessExclusiveLock';
}

/** INSERT/UPDATE/DELETE (RowExclusiveLock) wait behind SHARE and stronger. */
export function blocksWrites(mode: LockMode): boolean {
  return lockStrength(mode) >= lockStrength('ShareLock');
}

/** `ACCESS EXCLUSIVE` style, for messages. */
export function lockLabel(mode: LockMode): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

const ALTER_TABLE_LOCKS: Record<string, LockMode> = {
  AT_ValidateConstraint: 'ShareUpdateExclusiveLock',
  AT_SetStatistics: 'ShareUpdateExclusiveLock',
  AT_ClusterOn: 'ShareUpdateExclusiveLock',
  AT_DropCluster: 'ShareUpdateExclusiveLock',
  AT_SetRelOptions: 'ShareUpdateExclusiveLock',
  AT_ResetRelOptions: 'ShareUpdateExclusiveLock',
  AT_AttachPartition: 'ShareUpdateExclusiveLock',
  AT_EnableTrig: 'ShareRowExclusiveLock',
  AT_EnableAlwaysTrig: 'ShareRowExclusiveLock',
  AT_EnableReplicaTrig: 'ShareRowExclusiveLock',
  AT_EnableTrigAll: 'ShareRowExclusiveLock',
  AT_EnableTrigUser: 'ShareRowExclusiveLock',
  AT_DisableTrig: 'ShareRowExclusiveLock',
  AT_DisableTrigAll: 'ShareRowExclusiveLock',
  AT_DisableTrigUser: 'ShareRowExclusiveLock',
};

function alterTableCmdLock(cmd: any): LockMode {
  if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_FOREIGN') return 'ShareRowExclusiveLock';
  if (cmd.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent) return 'ShareUpdateExclusiveLock';
  return ALTER_TABLE_LOCKS[cmd.subtype] ?? 'AccessExclusiveLock';
}

const LOCK_TABLE_MODES: Record<number, LockMode> = {
  1: 'AccessShareLock',
  2: 'RowShareLock',
  3: 'RowExclusiveLock',
  4: 'ShareUpdateExclusiveLock',
  5: 'ShareLock',
  6: 'ShareRowExclusiveLock',
  7: 'ExclusiveLock',
  8: 'AccessExclusiveLock',
};

/** Table locks a top-level statement takes (the strongest per table), or [] when it takes none worth naming. */
export function statementLocks(kind: string, node: any): TableLock[] {
  const locks = new Map<string, TableLock>();
  const add = (table: QualifiedName, mode: LockMode) => {
    const key = `${table.schema}.${table.name}`;
    const prev = locks.get(key);
    locks.set(key, { table, mode: prev ? strongest(prev.mode, mode) : mode });
  };
  switch (kind) {
    case 'AlterTableStmt': {
      if (node.objtype === 'OBJECT_INDEX') break;
      const table = fromRangeVar(node.relation);
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (!cmd) continue;
        add(table, alterTableCmdLock(cmd));
        const fk = cmd.def?.Constraint;
        if (cmd.subtype === 'AT_AddConstraint' && fk?.contype === 'CONSTR_FOREIGN' && fk.pktable) add(fromRangeVar(fk.pktable), 'ShareRowExclusiveLock');
        if ((cmd.subtype === 'AT_AttachPartition' || cmd.subtype === 'AT_DetachPartition') && cmd.def?.PartitionCmd?.name) {
          add(fromRangeVar(cmd.def.PartitionCmd.name), 'AccessExclusiveLock');
        }
      }
      break;
    }
    case 'CreateStmt': {
      // A foreign key to an existing table locks it against writes while the new table is created;
      // a new partition locks its parent.
      for (const element of node.tableElts ?? []) {
        const constraints = element.Constraint ? [element] : element.ColumnDef?.constraints ?? [];
        for (const c of constraints) if (c.Constraint?.contype === 'CONSTR_FOREIGN' && c.Constraint.pktable) add(fromRangeVar(c.Constraint.pktable), 'ShareRowExclusiveLock');
      }
      if (node.partbound) for (const parent of node.inhRelations ?? []) add(fromRangeVar(parent.RangeVar), 'AccessExclusiveLock');
      break;
    }
    case 'IndexStmt':
      add(fromRangeVar(node.relation), node.concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock');
      break;
    case 'DropStmt':
      if (node.removeType === 'OBJECT_INDEX') {
        // The index's table is not named in the statement; callers resolve it through the catalog.
        break;
      }
      if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW'].includes(node.removeType)) {
        for (const o of node.objects ?? []) add(fromNameList(stringList(o.List?.items)), 'AccessExclusiveLock');
      }
      break;
    case 'RenameStmt':
      // Index and sequence renames lock the index/sequence, not a table (callers resolve an index's table).
      if (node.relation && !['OBJECT_INDEX', 'OBJECT_SEQUENCE'].includes(node.renameType)) add(fromRangeVar(node.relation), 'AccessExclusiveLock');
      break;
    case 'TruncateStmt':
      for (const r of node.relations ?? []) add(fromRangeVar(r.RangeVar), 'AccessExclusiveLock');
      break;
    case 'ClusterStmt':
      if (node.relation) add(fromRangeVar(node.relation), 'AccessExclusiveLock');
      break;
    case 'VacuumStmt': {
      // `VACUUM (FULL false)` is a plain VACUUM.
      const full = (node.options ?? []).some((o: any) => o.DefElem?.defname === 'full' && !/^(false|off|0)$/i.test(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? o.DefElem.arg?.Integer?.ival ?? 'true')));
      for (const r of node.rels ?? []) {
        const rel = r.VacuumRelation?.relation;
        if (rel) add(fromRangeVar(rel), full ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock');
      }
      break;
    }
    case 'RefreshMatViewStmt':
      add(fromRangeVar(node.relation), node.concurrent ? 'ExclusiveLock' : 'AccessExclusiveLock');
      break;
    case 'ReindexStmt':
      if (node.relation && node.kind === 'REINDEX_OBJECT_TABLE') {
        const concurrent = (node.params ?? []).some((p: any) => p.DefElem?.defname === 'concurrently');
        add(fromRangeVar(node.relation), concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock');
      }
      break;
    case 'CreateTrigStmt':
      add(fromRangeVar(node.relation), 'ShareRowExclusiveLock');
      break;
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      add(fromRangeVar(node.table), 'AccessExclusiveLock');
      break;
    case 'RuleStmt':
      add(fromRangeVar(node.relation), 'AccessExclusiveLock');
      break;
    case 'CommentStmt':
      if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(node.objtype)) {
        add(fromNameList(stringList(node.object?.List?.items)), 'ShareUpdateExclusiveLock');
      }
      break;
    case 'LockStmt':
      for (const r of node.relations ?? []) add(fromRangeVar(r.RangeVar), LOCK_TABLE_MODES[node.mode] ?? 'AccessExclusiveLock');
      break;
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'InsertStmt':
    case 'MergeStmt':
      add(fromRangeVar(node.relation), 'RowExclusiveLock');
      break;
  }
  return [...locks.values()];
}
