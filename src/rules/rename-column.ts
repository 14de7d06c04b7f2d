import { defineRule } from './define.js';
import { displayName, fromRangeVar, quoteIdent } from '../sql/names.js';
import { columnAddedInChange } from '../sql/dml.js';

export default defineRule({
  meta: {
    id: 'rename-column',
    description: 'Warn when a migration renames a column of an existing table',
    category: 'compatibility',
    severity: 'warning',
    recommended: true,
    messages: {
      renameColumn:
        'Renaming {{column}} to {{newName}} on {{table}} (a brief ACCESS EXCLUSIVE lock) breaks the application code still running during the deploy: queries that name {{column}} fail, and ORMs that cached the column list break, until the new code is out.',
    },
    fix: 'Expand/contract: add the new column, write both, backfill it in batches, switch reads, then drop the old column in a later release. Or rename and expose the old name through a view while old code runs.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const node = stmt.node;
        if (stmt.kind !== 'RenameStmt' || node.renameType !== 'OBJECT_COLUMN' || node.relationType !== 'OBJECT_TABLE') return;
        const table = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(table)) return;
        if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, node.subname)) return;
        ctx.report({ messageId: 'renameColumn', data: { table: displayName(table), column: quoteIdent(node.subname), newName: quoteIdent(node.newname) } });
      },
    };
  },
});
