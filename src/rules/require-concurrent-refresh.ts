import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';

const LOCK = lockLabel('AccessExclusiveLock');
const CONCURRENT_LOCK = lockLabel('ExclusiveLock');

export default defineRule({
  meta: {
    id: 'require-concurrent-refresh',
    description: 'Require REFRESH MATERIALIZED VIEW CONCURRENTLY on existing materialized views',
    category: 'lock',
    severity: 'warning',
    recommended: true,
    messages: {
      nonConcurrent: `REFRESH MATERIALIZED VIEW {{view}} holds an ${LOCK} lock on {{view}} for the whole refresh: every read of {{view}} waits until its query has re-run.`,
    },
    fix: `Use REFRESH MATERIALIZED VIEW CONCURRENTLY (takes ${CONCURRENT_LOCK}: reads go on); it needs a unique index on plain columns of the view, with no WHERE clause.`,
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'RefreshMatViewStmt') return;
        const { node } = stmt;
        // WITH NO DATA empties the view instead of recomputing it; CONCURRENTLY does not apply to it.
        if (node.concurrent || node.skipData) return;
        const view = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(view)) return;
        const known = ctx.table(view);
        const hasUniqueIndex = [...ctx.catalog.indexes.values()].some(
          (i) => i.table === keyOf(view) && i.unique && !i.partial && !i.columns.includes('(expr)'),
        );
        const fix =
          known?.kind === 'materialized-view' && !hasUniqueIndex
            ? `First CREATE UNIQUE INDEX CONCURRENTLY on ${displayName(view)} (plain columns, no WHERE), then use REFRESH MATERIALIZED VIEW CONCURRENTLY (takes ${CONCURRENT_LOCK}: reads go on).`
            : undefined;
        ctx.report({ messageId: 'nonConcurrent', data: { view: displayName(view) }, fix });
      },
    };
  },
});
