import { defineRule } from './define.js';
import { defaultName, notNullCheckColumn } from '../catalog/apply.js';
import { displayName, fromRangeVar, keyOf, stringList, type QualifiedName } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { findNodes } from '../sql/walk.js';

const CHILD_LOCK = lockLabel('AccessExclusiveLock');
const PARENT_LOCK = lockLabel('ShareUpdateExclusiveLock');

/** What a CHECK expression written in this file says, as far as proving a partition bound goes. */
interface CheckInfo {
  columns: Set<string>;
  /** Columns the expression proves non-null (a top-level `col IS NOT NULL` conjunct). */
  notNull: Set<string>;
  /** Only `IS [NOT] NULL` tests: cannot prove a range or list bound. */
  onlyNullTests: boolean;
  validated: boolean;
}

export default defineRule({
  meta: {
    id: 'attach-partition-without-check',
    description: 'Warn when ATTACH PARTITION has to scan an existing table to check the partition bound',
    category: 'lock',
    severity: 'warning',
    recommended: true,
    messages: {
      noCheck: `ATTACH PARTITION {{partition}} scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits) to check its rows fit the bound, while holding ${PARENT_LOCK} on {{parent}}: no validated CHECK constraint on {{partition}} proves the bound.`,
      missesKey: `ATTACH PARTITION {{partition}} scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits) to check its rows fit the bound, while holding ${PARENT_LOCK} on {{parent}}: the validated CHECK constraints on {{partition}} do not mention the partition key ({{columns}}).`,
      nullableKey: `ATTACH PARTITION {{partition}} still scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits): the partition bound rejects NULLs, and nothing proves {{columns}} NOT NULL, so the CHECK constraint alone does not imply the bound.`,
    },
    fix: 'Before attaching: ADD CONSTRAINT … CHECK (<key> IS NOT NULL AND <matches the bound>) NOT VALID, then VALIDATE CONSTRAINT (no lock on reads or writes), then ATTACH PARTITION (no scan), then drop the CHECK.',
  },
  create(ctx) {
    // What this file shows; the schema model keeps neither partition keys nor CHECK expressions.
    const partitionKeys = new Map<string, PartitionKey>();
    const checks = new Map<string, Map<string, CheckInfo>>();

    const recordCheck = (table: QualifiedName, constraint: any, inCreate: boolean) => {
      if (constraint?.contype !== 'CONSTR_CHECK') return;
      const nn = notNullCheckColumn(constraint.raw_expr);
      const name = constraint.conname ?? defaultName(table.name, nn ? [nn] : [], 'check');
      if (!checks.has(keyOf(table))) checks.set(keyOf(table), new Map());
      checks.get(keyOf(table))!.set(name, { ...describeCheck(constraint.raw_expr), validated: inCreate || !constraint.skip_validation });
    };

    return {
      Statement(stmt) {
        const { node } = stmt;
        if (stmt.kind === 'CreateStmt') {
          const table = fromRangeVar(node.relation);
          if (node.partspec) partitionKeys.set(keyOf(table), partitionKey(node.partspec));
          for (const e of node.tableElts ?? []) recordCheck(table, e.Constraint, true);
          return;
        }
        if (stmt.kind !== 'AlterTableStmt' || node.objtype !== 'OBJECT_TABLE') return;
        const target = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === 'AT_AddConstraint') recordCheck(target, cmd.def?.Constraint, false);
          const own = checks.get(keyOf(target))?.get(cmd?.name);
          if (own && cmd?.subtype === 'AT_ValidateConstraint') own.validated = true;
          if (own && cmd?.subtype === 'AT_DropConstraint') checks.get(keyOf(target))!.delete(cmd.name);
          if (cmd?.subtype !== 'AT_AttachPartition') continue;
          const partitionCmd = cmd.def?.PartitionCmd;
          const partition = fromRangeVar(partitionCmd?.name);
          // A table created by the change is empty: the scan is instant.
          if (!ctx.isExistingTable(partition)) continue;
          const key = partitionKeys.get(keyOf(target)) ?? null;
          const verdict = judge(partition, key, partitionCmd.bound);
          if (verdict === null) continue;
          const data = { partition: displayName(partition), parent: displayName(target) };
          const location = partitionCmd.name?.location;
          if (verdict === 'no-check') ctx.report({ messageId: 'noCheck', data, location });
          else if (verdict === 'misses-key') ctx.report({ messageId: 'missesKey', data: { ...data, columns: key!.columns.join(', ') }, location });
          else ctx.report({ messageId: 'nullableKey', data: { ...data, columns: verdict.join(', ') }, location });
        }
      },
    };

    /**
     * null: a validated CHECK plausibly proves the bound (or we cannot tell); 'no-check' / 'misses-key': nothing
     * proves it; [cols]: a CHECK covers the key, but these key columns may hold NULL, which the bound rejects.
     */
    function judge(partition: QualifiedName, key: PartitionKey | null, bound: any): 'no-check' | 'misses-key' | string[] | null {
      const table = ctx.table(partition);
      const validated = (table?.constraints ?? []).filter((c) => c.kind === 'check' && c.validated);
      const written = checks.get(keyOf(partition)) ?? new Map<string, CheckInfo>();
      const covering: CheckInfo[] = [];
      let anyValidated = false;
      for (const c of validated) {
        // Added before this file: the schema model records the expression only for `col IS NOT NULL`.
        if (!written.has(c.name) && !c.provesNotNull) return null;
      }
      for (const info of written.values()) {
        if (!info.validated || info.onlyNullTests) continue;
        anyValidated = true;
        if (key === null || [...info.columns].some((col) => key.columns.includes(col))) covering.push(info);
      }
      if (covering.length === 0) return anyValidated ? 'misses-key' : 'no-check';
      // With an expression in the key Postgres cannot use the CHECK for a NULL-rejecting bound at all (documented);
      // we stay quiet there rather than guess.
      if (key === null || key.hasExpression || !rejectsNull(bound)) return null;
      const provenNotNull = new Set<string>();
      for (const c of validated) if (c.provesNotNull) provenNotNull.add(c.provesNotNull);
      for (const info of written.values()) if (info.validated) for (const col of info.notNull) provenNotNull.add(col);
      const nullable = key.plain.filter((k) => {
        const column = table?.columns.get(k);
        return column !== undefined && !column.notNull && !provenNotNull.has(k);
      });
      return nullable.length ? nullable : null;
    }
  },
});

interface PartitionKey {
  /** Every column the key reads, plain or inside an expression. */
  columns: string[];
  /** Plain key columns (the ones a NOT NULL can be proved for). */
  plain: string[];
  hasExpression: boolean;
}

function partitionKey(partspec: any): PartitionKey {
  const key: PartitionKey = { columns: [], plain: [], hasExpression: false };
  for (const p of partspec.partParams ?? []) {
    const elem = p.PartitionElem;
    if (elem?.name) {
      key.columns.push(elem.name);
      key.plain.push(elem.name);
    } else {
      key.hasExpression = true;
      for (const ref of findNodes(elem?.expr, 'ColumnRef')) key.columns.push(stringList(ref.fields).at(-1) ?? '');
    }
  }
  return key;
}

function describeCheck(expr: any): Omit<CheckInfo, 'validated'> {
  const columns = new Set(findNodes(expr, 'ColumnRef').map((ref) => stringList(ref.fields).at(-1) ?? ''));
  const conjuncts = expr?.BoolExpr?.boolop === 'AND_EXPR' ? expr.BoolExpr.args : [expr];
  const notNull = new Set<string>();
  for (const c of conjuncts) {
    const col = notNullCheckColumn(c);
    if (col) notNull.add(col);
  }
  const onlyNullTests = conjuncts.every((c: any) => c?.NullTest !== undefined);
  return { columns, notNull, onlyNullTests };
}

/** Range bounds never admit NULL; list bounds only when NULL is listed; hash and DEFAULT are left alone. */
function rejectsNull(bound: any): boolean {
  if (!bound || bound.is_default) return false;
  if (bound.strategy === 'r') return true;
  if (bound.strategy === 'l') return !(bound.listdatums ?? []).some((d: any) => d?.A_Const?.isnull);
  return false;
}
