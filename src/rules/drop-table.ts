import { defineRule } from './define.js';
import { displayName, fromNameList, stringList } from '../sql/names.js';

export default defineRule({
  meta: {
    id: 'drop-table',
    description: 'Warn when a migration drops an existing table',
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    messages: {
      dropTable:
        'DROP TABLE {{table}} deletes the table and every row in it (it takes an ACCESS EXCLUSIVE lock, then the data is gone); application code that still reads or writes {{table}} fails.',
      dropTableCascade:
        'DROP TABLE {{table}} CASCADE deletes the table and every row in it, and also drops the views and foreign-key constraints that depend on it (it takes an ACCESS EXCLUSIVE lock); application code that still uses {{table}} or those views fails.',
    },
    fix: 'Stop reading and writing the table in application code and deploy that first; back the data up (or rename the table and drop it a release later), then drop it without CASCADE.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_TABLE') return;
        const cascade = stmt.node.behavior === 'DROP_CASCADE';
        for (const o of stmt.node.objects ?? []) {
          const table = fromNameList(stringList(o.List?.items));
          // A table the catalog has never seen counts as existing: IF EXISTS does not prove it is new.
          if (!ctx.isExistingTable(table)) continue;
          ctx.report({ messageId: cascade ? 'dropTableCascade' : 'dropTable', data: { table: displayName(table) } });
        }
      },
    };
  },
});
