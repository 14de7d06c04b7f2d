import { defineRule } from './define.js';
import { defaultName, notNullCheckColumn } from '../catalog/apply.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, stringList } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';

const LOCK = lockLabel('AccessExclusiveLock');

const FIX_12 =
  'Add CHECK (col IS NOT NULL) NOT VALID, run VALIDATE CONSTRAINT in a separate transaction (reads and writes go on), then SET NOT NULL (Postgres 12+ skips the scan) and drop the CHECK.';
const FIX_18 = `${FIX_12} On 18+ you can instead ADD CONSTRAINT … NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.`;
const FIX_OLD =
  'Before PostgreSQL 12, SET NOT NULL always scans: keep a CHECK (col IS NOT NULL) constraint instead (added NOT VALID, then VALIDATE CONSTRAINT in a separate transaction), or run it in a quiet window.';

export default defineRule({
  meta: {
    id: 'set-not-null',
    description: 'Forbid SET NOT NULL on existing tables unless a validated CHECK (col IS NOT NULL) lets Postgres skip the scan',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      scan: `ALTER COLUMN {{column}} SET NOT NULL on {{table}} scans the whole table for NULLs while holding ${LOCK}: reads and writes on {{table}} wait until the scan finishes. No validated CHECK ({{column}} IS NOT NULL) is known that would let Postgres skip it.`,
      scanBefore12: `ALTER COLUMN {{column}} SET NOT NULL on {{table}} scans the whole table for NULLs while holding ${LOCK}: reads and writes on {{table}} wait until the scan finishes. On PostgreSQL {{pg}} a CHECK constraint does not help (skipping the scan needs 12+).`,
      addNotNull: `ADD {{constraint}} on {{table}} scans the whole table for NULLs while holding ${LOCK}: reads and writes on {{table}} wait until the scan finishes.`,
    },
    fix: FIX_12,
  },
  create(ctx) {
    /**
     * Constraints added in this file that prove a column non-null once validated, by `table.constraint`: the
     * catalog only records them for tables it knows, and not PG 18 NOT NULL constraints at all.
     */
    const provers = new Map<string, { column: string; kind: 'check' | 'not-null'; validated: boolean }>();
    const provenInFile = (tableKey: string, column: string): boolean =>
      [...provers.entries()].some(
        ([key, p]) =>
          key.startsWith(`${tableKey}.`) &&
          p.column === column &&
          p.validated &&
          (p.kind === 'check' ? ctx.pgVersion >= 12 : ctx.pgVersion >= 18),
      );
    const fix = () => (ctx.pgVersion < 12 ? FIX_OLD : ctx.pgVersion >= 18 ? FIX_18 : FIX_12);

    return {
      AlterTableStmt(node) {
        if (ctx.statement.node !== node || node.objtype !== 'OBJECT_TABLE') return;
        const q = fromRangeVar(node.relation);
        const tableKey = keyOf(q);
        const cmds: any[] = (node.cmds ?? []).map((w: any) => w.AlterTableCmd).filter(Boolean);
        // What this statement proves only counts for later statements: record it after the checks below.
        const record = () => {
          for (const cmd of cmds) {
            const c = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : null;
            if (c?.contype === 'CONSTR_NOTNULL' || c?.contype === 'CONSTR_CHECK') {
              const column = c.contype === 'CONSTR_NOTNULL' ? stringList(c.keys)[0] : notNullCheckColumn(c.raw_expr);
              if (!column) continue;
              const name = c.conname ?? defaultName(q.name, [column], c.contype === 'CONSTR_NOTNULL' ? 'not_null' : 'check');
              provers.set(`${tableKey}.${name}`, { column, kind: c.contype === 'CONSTR_NOTNULL' ? 'not-null' : 'check', validated: !c.skip_validation });
            } else if (cmd.subtype === 'AT_ValidateConstraint') {
              const p = provers.get(`${tableKey}.${cmd.name}`);
              if (p) p.validated = true;
            } else if (cmd.subtype === 'AT_DropConstraint') {
              provers.delete(`${tableKey}.${cmd.name}`);
            }
          }
        };
        check();
        record();

        function check(): void {
          if (!ctx.isExistingTable(q)) return;
          const known = ctx.table(q);
          if (known && known.kind !== 'table' && known.kind !== 'partitioned-table') return;
          const table = displayName(q);

          // A CHECK (col IS NOT NULL) validated by this same statement scans anyway: require-not-valid reports it.
          const checkedHere = new Set(
            cmds
              .map((cmd) => (cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : null))
              .filter((c) => c?.contype === 'CONSTR_CHECK' && !c.skip_validation)
              .map((c) => notNullCheckColumn(c.raw_expr))
              .filter((col): col is string => !!col),
          );
          const proven = (column: string): boolean => {
            if (known?.columns.get(column)?.notNull) return true; // already NOT NULL: nothing to do
            if (checkedHere.has(column)) return true;
            if (provenInFile(tableKey, column)) return true;
            if (ctx.pgVersion < 12) return false;
            return !!known?.constraints.some((c) => c.kind === 'check' && c.validated && c.provesNotNull === column);
          };

          for (const cmd of cmds) {
            if (cmd.subtype === 'AT_SetNotNull' && cmd.name) {
              if (proven(cmd.name)) continue;
              ctx.report({
                messageId: ctx.pgVersion < 12 ? 'scanBefore12' : 'scan',
                data: { column: quoteIdent(cmd.name), table, pg: ctx.pgVersion },
                fix: fix(),
              });
            } else if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_NOTNULL') {
              const c = cmd.def.Constraint;
              const column = stringList(c.keys)[0];
              if (!column || c.skip_validation || proven(column)) continue;
              ctx.report({
                messageId: 'addNotNull',
                data: { table, constraint: `${c.conname ? `CONSTRAINT ${quoteIdent(c.conname)} ` : ''}NOT NULL ${quoteIdent(column)}` },
                location: c.location,
                fix: fix(),
              });
            }
          }
        }
      },
    };
  },
});
