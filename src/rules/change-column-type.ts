import { defineRule } from './define.js';
import { alteredExistingTable } from '../sql/altered-table.js';
import { displayName, quoteIdent } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { displayType, typeRefFrom } from '../sql/type-name.js';
import { classifyTypeChange, isTrivialUsing } from '../sql/type-coercion.js';

const LOCK = lockLabel('AccessExclusiveLock');

/** TimeZone settings whose UTC offset is always zero (what TimestampTimestampTzRequiresRewrite checks). */
const UTC_ZONES = new Set([
  'utc', 'etc/utc', 'uct', 'etc/uct', 'gmt', 'etc/gmt', 'gmt0', 'etc/gmt0', 'gmt+0', 'gmt-0', 'etc/gmt+0', 'etc/gmt-0',
  'greenwich', 'etc/greenwich', 'universal', 'etc/universal', 'zulu', 'etc/zulu', 'z',
]);

function isUtcSetting(node: any): boolean {
  if (node.kind !== 'VAR_SET_VALUE') return false;
  const arg = node.args?.[0]?.A_Const;
  if (!arg) return false;
  if (arg.sval) return UTC_ZONES.has(String(arg.sval.sval).toLowerCase());
  if (arg.ival) return (arg.ival.ival ?? 0) === 0;
  if (arg.fval) return Number(arg.fval.fval) === 0;
  return false;
}

export default defineRule({
  meta: {
    id: 'change-column-type',
    description: 'Forbid ALTER COLUMN TYPE changes that rewrite an existing table',
    category: 'rewrite',
    severity: 'error',
    recommended: true,
    messages: {
      rewrite: `ALTER COLUMN {{column}} TYPE on {{table}} rewrites the whole table and rebuilds all its indexes under ${LOCK} ({{reason}}): reads and writes on {{table}} wait until it finishes.`,
      timezone: `ALTER COLUMN {{column}} TYPE on {{table}}: {{reason}}. The rewrite would hold ${LOCK}, blocking reads and writes on {{table}}; the indexes on {{column}} are rebuilt either way.`,
      unknownOldType: `ALTER COLUMN {{column}} TYPE {{type}} on {{table}}: the column's current type could not be determined ({{why}}). Unless the change is binary-coercible (e.g. varchar(n) to varchar(m ≥ n) or text), Postgres rewrites the whole table and its indexes under ${LOCK}, blocking reads and writes.`,
    },
    fix: 'Add a new column of the new type, keep it in sync with a trigger, backfill in batches, then switch readers and drop the old column in a later deploy. To tighten a varchar limit, use CHECK (length(col) <= n) NOT VALID + VALIDATE instead.',
  },
  create(ctx) {
    // `SET timezone = 'UTC'` earlier in the file makes timestamp ↔ timestamptz rewrite-free (a common, correct pattern).
    let sessionUtc = false;
    let local: { tx: number; utc: boolean } | null = null;
    const utcInEffect = () => {
      const tx = ctx.statement.transaction.id;
      return local !== null && tx !== null && local.tx === tx ? local.utc : sessionUtc;
    };

    return {
      Statement(stmt) {
        if (stmt.kind !== 'VariableSetStmt' || stmt.node.name !== 'timezone') return;
        const utc = isUtcSetting(stmt.node);
        if (stmt.node.is_local) {
          if (stmt.transaction.id !== null) local = { tx: stmt.transaction.id, utc };
        } else {
          sessionUtc = utc;
          local = null;
        }
      },
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);

        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== 'AT_AlterColumnType' || !def?.typeName) continue;
          const to = typeRefFrom(def.typeName);
          const from = known?.columns.get(cmd.name)?.type;
          const change = classifyTypeChange(from, to, {
            pgVersion: ctx.pgVersion,
            using: !def.raw_default ? 'none' : isTrivialUsing(def.raw_default, cmd.name, to, typeRefFrom) ? 'trivial' : 'expression',
            collate: !!def.collClause,
          });
          const why = !known
            ? `${table} is not in the schema migrascope replayed`
            : !known.columns.has(cmd.name)
              ? `${table} has no column ${quoteIdent(cmd.name)} in the schema migrascope replayed`
              : 'the column was created without a declared type, e.g. by CREATE TABLE AS';
          const data = { column: quoteIdent(cmd.name), table, type: displayType(to), reason: change.reason, why };
          const at = { location: def.location as number | undefined };
          switch (change.rewrite) {
            case 'rewrite':
              ctx.report({ messageId: 'rewrite', data, ...at });
              break;
            case 'timezone':
              if (utcInEffect()) break;
              // Whether it rewrites depends on the server's TimeZone at run time: a caveat, not a certainty.
              ctx.report({
                messageId: 'timezone',
                data,
                ...at,
                severity: 'warning',
                fix: "If the stored values are meant as UTC, run the change with SET LOCAL TimeZone = 'UTC' in the same transaction to skip the rewrite; otherwise use a new column, a sync trigger and a batched backfill.",
              });
              break;
            case 'unknown':
              ctx.report({ messageId: 'unknownOldType', data, ...at });
              break;
          }
        }
      },
    };
  },
});
