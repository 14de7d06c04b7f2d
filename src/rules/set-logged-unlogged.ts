import { defineRule } from './define.js';
import { alteredExistingTable } from '../sql/altered-table.js';
import { displayName } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'set-logged-unlogged',
    description: 'Forbid ALTER TABLE SET LOGGED and SET UNLOGGED on existing tables',
    category: 'rewrite',
    severity: 'error',
    recommended: true,
    messages: {
      setLogged: `ALTER TABLE {{table}} SET LOGGED rewrites the whole table and writes all of it to the WAL (which replicas must replay) while holding ${LOCK}: reads and writes on {{table}} wait until it finishes.`,
      setUnlogged: `ALTER TABLE {{table}} SET UNLOGGED rewrites the whole table while holding ${LOCK}: reads and writes on {{table}} wait until it finishes. Afterwards the table is emptied on crash recovery and no longer reaches replicas.`,
    },
    fix: 'Avoid switching persistence on a large live table: create a new table with the wanted persistence, copy the rows in batches (or with logical replication) and swap the names in a short transaction.',
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node, ['table']);
        if (!target) return;
        const { q, known } = target;
        for (const wrapped of node.cmds ?? []) {
          const subtype = wrapped.AlterTableCmd?.subtype;
          // Asking for the persistence the table already has is a no-op in Postgres.
          if (subtype === 'AT_SetLogged' && known?.unlogged !== false) ctx.report({ messageId: 'setLogged', data: { table: displayName(q) } });
          if (subtype === 'AT_SetUnLogged' && known?.unlogged !== true) ctx.report({ messageId: 'setUnlogged', data: { table: displayName(q) } });
        }
      },
    };
  },
});
