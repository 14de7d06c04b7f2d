import { defineRule } from './define.js';
import { alteredExistingTable } from '../sql/altered-table.js';
import { displayName, keyOf, quoteIdent } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { displayType, typeRefFrom } from '../sql/type-name.js';
import { classifyTypeChange, isTrivialUsing } from '../sql/type-coercion.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'type-change-rebuilds-index',
    description: 'Warn when ALTER COLUMN TYPE rebuilds indexes of an existing table while ACCESS EXCLUSIVE is held',
    category: 'lock',
    severity: 'warning',
    recommended: true,
    messages: {
      rewrite: `ALTER COLUMN {{column}} TYPE rewrites {{table}}, so every index on it is rebuilt while ${LOCK} is held, blocking reads and writes on {{table}} for the whole time: {{indexes}}.`,
      unknownOldType: `ALTER COLUMN {{column}} TYPE {{type}} on {{table}}: the column's current type is not known, and unless the change is binary-coercible within the same operator class, {{indexes}} {{verb}} rebuilt while ${LOCK} is held (every index of {{table}} if the table is rewritten), blocking reads and writes on {{table}}.`,
      relabel: `ALTER COLUMN {{column}} TYPE on {{table}}: {{reason}}, so {{indexes}} {{verb}} rebuilt while ${LOCK} is held (even without a table rewrite), blocking reads and writes on {{table}}.`,
    },
    fix: 'Migrate through a new column (sync trigger, batched backfill) and build its indexes with CREATE INDEX CONCURRENTLY before switching over.',
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const tableKey = keyOf(q);
        const tableIndexes = [...ctx.catalog.indexes.values()].filter((i) => i.table === tableKey);
        if (tableIndexes.length === 0) return;
        const table = displayName(q);

        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== 'AT_AlterColumnType' || !def?.typeName) continue;
          const to = typeRefFrom(def.typeName);
          const change = classifyTypeChange(known?.columns.get(cmd.name)?.type, to, {
            pgVersion: ctx.pgVersion,
            using: !def.raw_default ? 'none' : isTrivialUsing(def.raw_default, cmd.name, to, typeRefFrom) ? 'trivial' : 'expression',
            collate: !!def.collClause,
          });
          const covering = tableIndexes.filter((i) => i.columns.includes(cmd.name));
          if (covering.length === 0) continue;
          const names = (list: typeof tableIndexes) => list.map((i) => displayName(i)).join(', ');
          const data = { column: quoteIdent(cmd.name), table };
          const at = { location: def.location as number | undefined };
          if (change.rewrite === 'rewrite') {
            ctx.report({ messageId: 'rewrite', data: { ...data, indexes: names(tableIndexes) }, ...at });
          } else if (change.rewrite === 'unknown') {
            ctx.report({ messageId: 'unknownOldType', data: { ...data, type: displayType(to), indexes: names(covering), verb: covering.length === 1 ? 'is' : 'are' }, ...at });
          } else if (change.rebuildsColumnIndexes) {
            const reason = change.indexReason ?? change.reason;
            ctx.report({ messageId: 'relabel', data: { ...data, reason, indexes: names(covering), verb: covering.length === 1 ? 'is' : 'are' }, ...at });
          }
        }
      },
    };
  },
});
