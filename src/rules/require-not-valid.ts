import { defineRule } from './define.js';
import { defaultName, notNullCheckColumn } from '../catalog/apply.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, stringList, type QualifiedName } from '../sql/names.js';
import { blocksReads, blocksWrites, lockLabel, statementLocks, strongest, type LockMode } from '../sql/locks.js';

const FIX = 'Add the constraint with NOT VALID (new rows are checked at once), then run ALTER TABLE … VALIDATE CONSTRAINT in a separate transaction: it takes SHARE UPDATE EXCLUSIVE, so reads and writes go on during the scan.';
const PARTITIONED_FK_FIX =
  'Before PostgreSQL 18 a foreign key on a partitioned table cannot be NOT VALID: add it NOT VALID to each partition and VALIDATE it there (one transaction each), then add it to the parent, which attaches the validated partition constraints instead of scanning.';

interface HeldLock {
  mode: LockMode;
  line: number;
}

function blocked(mode: LockMode): string {
  return blocksReads(mode) ? 'reads and writes' : 'writes';
}

/** What waits while a foreign key is checked: the referencing table under `mode`, the referenced one under SHARE ROW EXCLUSIVE. */
function fkBlocked(mode: LockMode, table: string, referenced: string): string {
  return blocksReads(mode) ? `reads and writes on ${table} and writes to ${referenced} wait` : 'writes to both wait';
}

export default defineRule({
  meta: {
    id: 'require-not-valid',
    description: 'Require NOT VALID when adding CHECK and FOREIGN KEY constraints to existing tables, and VALIDATE CONSTRAINT in its own transaction',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      check: 'ADD CONSTRAINT {{name}} CHECK on {{table}} checks every existing row while holding {{lock}}: {{blocked}} on {{table}} wait for the whole scan.',
      foreignKey:
        'ADD CONSTRAINT {{name}} FOREIGN KEY on {{table}} checks every existing row against {{referenced}} while holding {{lock}} on {{table}} and SHARE ROW EXCLUSIVE on {{referenced}}: {{blocked}} for the whole scan.',
      inlineCheck: 'ADD COLUMN {{column}} … CHECK on {{table}} checks every existing row while holding {{lock}}: {{blocked}} on {{table}} wait for the whole scan.',
      inlineForeignKey:
        'ADD COLUMN {{column}} … DEFAULT … REFERENCES {{referenced}} on {{table}} checks every existing row against {{referenced}} while holding {{lock}} on {{table}} and SHARE ROW EXCLUSIVE on {{referenced}}: {{blocked}} for the whole scan.',
      validateUnderLock:
        'VALIDATE CONSTRAINT {{name}} runs in the same transaction as the statement on line {{line}}, which holds {{lock}} on {{table}} until commit: the validation scan runs under that lock, so {{blocked}} on {{table}} wait for the whole scan.',
    },
    fix: FIX,
  },
  create(ctx) {
    /** Write-blocking table locks taken so far, per open transaction id. */
    const held = new Map<number, Map<string, HeldLock>>();

    function lockOn(q: QualifiedName, fallback: LockMode): LockMode {
      const lock = statementLocks(ctx.statement.kind, ctx.statement.node).find((l) => keyOf(l.table) === keyOf(q));
      return lock ? strongest(lock.mode, fallback) : fallback;
    }

    function checkAlterTable(node: any): void {
      if (node.objtype !== 'OBJECT_TABLE') return;
      const q = fromRangeVar(node.relation);
      if (!ctx.isExistingTable(q)) return;
      const known = ctx.table(q);
      if (known && known.kind !== 'table' && known.kind !== 'partitioned-table') return;
      const table = displayName(q);
      const txLocks = ctx.statement.transaction.id !== null ? held.get(ctx.statement.transaction.id) : undefined;

      for (const wrapped of node.cmds ?? []) {
        const cmd = wrapped.AlterTableCmd;
        if (!cmd) continue;

        if (cmd.subtype === 'AT_AddConstraint') {
          const c = cmd.def?.Constraint;
          if (!c || c.skip_validation) continue;
          if (c.contype === 'CONSTR_CHECK') {
            const col = notNullCheckColumn(c.raw_expr);
            const name = quoteIdent(c.conname ?? defaultName(q.name, col ? [col] : [], 'check'));
            const lock = lockOn(q, 'AccessExclusiveLock');
            ctx.report({ messageId: 'check', data: { name, table, lock: lockLabel(lock), blocked: blocked(lock) }, location: c.location });
          } else if (c.contype === 'CONSTR_FOREIGN') {
            const name = quoteIdent(c.conname ?? defaultName(q.name, stringList(c.fk_attrs), 'fkey'));
            const lock = lockOn(q, 'ShareRowExclusiveLock');
            const referenced = displayName(fromRangeVar(c.pktable));
            const fix = known?.kind === 'partitioned-table' && ctx.pgVersion < 18 ? PARTITIONED_FK_FIX : undefined;
            ctx.report({
              messageId: 'foreignKey',
              data: { name, table, referenced, lock: lockLabel(lock), blocked: fkBlocked(lock, table, referenced) },
              location: c.location,
              ...(fix ? { fix } : {}),
            });
          }
        } else if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) {
          const def = cmd.def.ColumnDef;
          if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
          const constraints: any[] = (def.constraints ?? []).map((w: any) => w.Constraint).filter(Boolean);
          const hasDefault = constraints.some((c) => c.contype === 'CONSTR_DEFAULT') || !!def.raw_default;
          const lock = lockOn(q, 'AccessExclusiveLock');
          const column = quoteIdent(def.colname);
          // Column CHECKs are verified against every row (even when they are all NULL). A column REFERENCES
          // is only verified when a DEFAULT fills the column; otherwise Postgres knows it is all NULL.
          const check = constraints.find((c) => c.contype === 'CONSTR_CHECK' && !c.skip_validation);
          if (check) {
            ctx.report({ messageId: 'inlineCheck', data: { column, table, lock: lockLabel(lock), blocked: blocked(lock) }, location: check.location });
          }
          const fk = constraints.find((c) => c.contype === 'CONSTR_FOREIGN' && !c.skip_validation);
          if (fk && hasDefault) {
            const referenced = displayName(fromRangeVar(fk.pktable));
            ctx.report({
              messageId: 'inlineForeignKey',
              data: { column, table, referenced, lock: lockLabel(lock), blocked: fkBlocked(lock, table, referenced) },
              location: fk.location,
            });
          }
        } else if (cmd.subtype === 'AT_ValidateConstraint' && txLocks) {
          const earlier = txLocks.get(keyOf(q));
          if (!earlier) continue;
          ctx.report({
            messageId: 'validateUnderLock',
            data: { name: quoteIdent(cmd.name), line: earlier.line, table, lock: lockLabel(earlier.mode), blocked: blocked(earlier.mode) },
            fix: 'COMMIT after adding the constraint NOT VALID and run VALIDATE CONSTRAINT in its own transaction (its own migration, if the framework wraps each file in one).',
          });
        }
      }
    }

    function recordLocks(): void {
      const id = ctx.statement.transaction.id;
      if (id === null) return;
      if (!held.has(id)) held.set(id, new Map());
      const txLocks = held.get(id)!;
      for (const lock of statementLocks(ctx.statement.kind, ctx.statement.node)) {
        if (!blocksWrites(lock.mode) || !ctx.isExistingTable(lock.table)) continue;
        const key = keyOf(lock.table);
        const prev = txLocks.get(key);
        if (!prev) txLocks.set(key, { mode: lock.mode, line: ctx.statement.line });
        else if (strongest(prev.mode, lock.mode) !== prev.mode) txLocks.set(key, { mode: lock.mode, line: ctx.statement.line });
      }
    }

    return {
      Statement(stmt) {
        if (stmt.kind === 'AlterTableStmt') checkAlterTable(stmt.node);
        recordLocks();
      },
    };
  },
});
