import { defineRule } from './define.js';
import { displayName, fromRangeVar } from '../sql/names.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-index',
    description: 'Require CREATE INDEX CONCURRENTLY on existing tables',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      nonConcurrent:
        'CREATE INDEX on {{table}} takes a SHARE lock for the whole build: inserts, updates and deletes on {{table}} wait until the index is built.',
    },
    fix: 'Use CREATE INDEX CONCURRENTLY, outside a transaction (in its own migration, with the framework\'s transaction turned off).',
  },
  create(ctx) {
    return {
      IndexStmt(node) {
        // Only top-level statements: an IndexStmt nested elsewhere (CREATE SCHEMA … ) is not built on old data.
        if (ctx.statement.kind !== 'IndexStmt' || node.concurrent) return;
        const table = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(table)) return;
        ctx.report({ messageId: 'nonConcurrent', data: { table: displayName(table) } });
      },
    };
  },
});
