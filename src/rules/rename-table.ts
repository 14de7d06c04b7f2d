import { defineRule } from './define.js';
import { displayName, fromRangeVar, quoteIdent } from '../sql/names.js';

export default defineRule({
  meta: {
    id: 'rename-table',
    description: 'Warn when a migration renames an existing table',
    category: 'compatibility',
    severity: 'warning',
    recommended: true,
    messages: {
      renameTable:
        'Renaming {{table}} to {{newName}} (a brief ACCESS EXCLUSIVE lock) breaks the application code still running during the deploy: every query that names {{table}} fails until the new code is out.',
    },
    fix: 'Rename, then in the same transaction CREATE VIEW with the old name (SELECT * FROM the new name: simple views are updatable); drop the view once no deployed code uses the old name. Or expand/contract: new table, dual writes, backfill, switch reads, drop the old one.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'RenameStmt' || stmt.node.renameType !== 'OBJECT_TABLE') return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        ctx.report({ messageId: 'renameTable', data: { table: displayName(table), newName: quoteIdent(stmt.node.newname) } });
      },
    };
  },
});
