import { defineRule } from './define.js';
import { alteredExistingTable } from '../sql/altered-table.js';
import { defaultName } from '../catalog/apply.js';
import { displayName, keyOf, quoteIdent, stringList } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'require-unique-using-index',
    description: 'Require UNIQUE and PRIMARY KEY constraints on existing tables to be added USING INDEX built concurrently',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      constraint: `ADD CONSTRAINT {{name}} {{kind}} on {{table}} builds its unique index while holding ${LOCK}: reads and writes on {{table}} wait for the whole build.`,
      inlineColumn: `ADD COLUMN {{column}} … {{kind}} on {{table}} builds a unique index over every row while holding ${LOCK}: reads and writes on {{table}} wait for the whole build.`,
      nullablePrimaryKey: `ADD CONSTRAINT {{name}} PRIMARY KEY USING INDEX {{index}} on {{table}} must first make {{columns}} NOT NULL, which scans the whole table while holding ${LOCK}: reads and writes on {{table}} wait for the scan.`,
    },
    fix: 'CREATE UNIQUE INDEX CONCURRENTLY first (in its own migration, outside a transaction), then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX (or PRIMARY KEY USING INDEX once the columns are NOT NULL), which only takes a brief lock.',
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);
        const cmds: any[] = (node.cmds ?? []).map((w: any) => w.AlterTableCmd).filter(Boolean);
        // SET NOT NULL in the same statement is set-not-null's finding, not a hidden cost of the primary key.
        const setNotNullHere = new Set(cmds.filter((c) => c.subtype === 'AT_SetNotNull').map((c) => c.name as string));

        for (const cmd of cmds) {
          if (cmd.subtype === 'AT_AddConstraint') {
            const c = cmd.def?.Constraint;
            if (c?.contype !== 'CONSTR_UNIQUE' && c?.contype !== 'CONSTR_PRIMARY') continue;
            const primary = c.contype === 'CONSTR_PRIMARY';
            const kind = primary ? 'PRIMARY KEY' : 'UNIQUE';
            if (!c.indexname) {
              const columns = stringList(c.keys);
              const name = quoteIdent(c.conname ?? (primary ? `${q.name}_pkey` : defaultName(q.name, columns, 'key')));
              ctx.report({ messageId: 'constraint', data: { name, kind, table }, location: c.location });
              continue;
            }
            if (!primary) continue;
            // USING INDEX: a primary key also needs its columns NOT NULL; Postgres scans to set that.
            const index = ctx.catalog.indexes.get(keyOf({ schema: q.schema, name: c.indexname }));
            if (!index || !known) continue;
            const nullable = index.columns.filter((col) => {
              const column = known.columns.get(col);
              return column !== undefined && !column.notNull && !setNotNullHere.has(col);
            });
            if (nullable.length === 0) continue;
            ctx.report({
              messageId: 'nullablePrimaryKey',
              data: { name: quoteIdent(c.conname ?? `${q.name}_pkey`), index: quoteIdent(c.indexname), table, columns: nullable.map(quoteIdent).join(', ') },
              location: c.location,
              fix: 'Make the columns NOT NULL first without a long lock (CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL), then ADD PRIMARY KEY USING INDEX.',
            });
          } else if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) {
            const def = cmd.def.ColumnDef;
            if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
            const c = (def.constraints ?? []).map((w: any) => w.Constraint).find((x: any) => x?.contype === 'CONSTR_UNIQUE' || x?.contype === 'CONSTR_PRIMARY');
            if (!c) continue;
            ctx.report({
              messageId: 'inlineColumn',
              data: { column: quoteIdent(def.colname), kind: c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE', table },
              location: c.location,
              fix: 'Add the column without the constraint, fill it, CREATE UNIQUE INDEX CONCURRENTLY on it, then ADD CONSTRAINT … UNIQUE USING INDEX (PRIMARY KEY USING INDEX once it is NOT NULL).',
            });
          }
        }
      },
    };
  },
});
