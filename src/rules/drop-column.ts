import { defineRule } from './define.js';
import { displayName, fromRangeVar, quoteIdent } from '../sql/names.js';
import { columnAddedInChange } from '../sql/dml.js';

export default defineRule({
  meta: {
    id: 'drop-column',
    description: 'Warn when a migration drops a column of an existing table',
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    messages: {
      dropColumn:
        'DROP COLUMN {{column}} on {{table}} deletes its data (the ALTER takes a brief ACCESS EXCLUSIVE lock); code still running that selects or writes {{column}}, or an ORM that caches the column list, fails until the new code is deployed.',
      dropColumnCascade:
        'DROP COLUMN {{column}} CASCADE on {{table}} deletes its data and also drops the views, indexes and constraints that use it (the ALTER takes a brief ACCESS EXCLUSIVE lock); code still running that uses {{column}} fails until the new code is deployed.',
    },
    fix: 'First stop reading and writing the column in code (Rails ignored_columns, Django SeparateDatabaseAndState, Prisma @ignore) and deploy; drop it in a later migration.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'AlterTableStmt' || stmt.node.objtype !== 'OBJECT_TABLE') return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) continue;
          if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, cmd.name)) continue;
          ctx.report({
            messageId: cmd.behavior === 'DROP_CASCADE' ? 'dropColumnCascade' : 'dropColumn',
            data: { table: displayName(table), column: quoteIdent(cmd.name) },
          });
        }
      },
    };
  },
});
