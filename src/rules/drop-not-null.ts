import { defineRule } from './define.js';
import { displayName, fromRangeVar, quoteIdent } from '../sql/names.js';
import { columnAddedInChange } from '../sql/dml.js';

export default defineRule({
  meta: {
    id: 'drop-not-null',
    description: 'Flag dropping NOT NULL from a column of an existing table',
    category: 'compatibility',
    severity: 'info',
    recommended: true,
    messages: {
      dropNotNull:
        'DROP NOT NULL on {{column}} of {{table}} is cheap (metadata only, a brief ACCESS EXCLUSIVE lock), but code, reports and downstream consumers that assume {{column}} is never NULL may break once NULLs are written.',
    },
    fix: 'Make sure every reader of the column (application code, analytics, replication consumers) handles NULL before code starts writing it.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'AlterTableStmt' || stmt.node.objtype !== 'OBJECT_TABLE') return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        const addedHere = new Set<string>();
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef?.colname) addedHere.add(cmd.def.ColumnDef.colname);
          if (cmd?.subtype !== 'AT_DropNotNull' || !cmd.name || addedHere.has(cmd.name)) continue;
          if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, cmd.name)) continue;
          ctx.report({ messageId: 'dropNotNull', data: { table: displayName(table), column: quoteIdent(cmd.name) } });
        }
      },
    };
  },
});
