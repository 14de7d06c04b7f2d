import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, type QualifiedName } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { isConcurrentReindex } from '../sql/transaction-rules.js';

const SHARE = lockLabel('ShareLock');
const EXCLUSIVE = lockLabel('AccessExclusiveLock');
const WHAT = `writes wait on the ${SHARE} lock, and nearly every query waits too, because planning a query locks all of the table's indexes`;

export default defineRule({
  meta: {
    id: 'require-concurrent-reindex',
    description: 'Require REINDEX CONCURRENTLY on existing tables',
    category: 'lock',
    severity: 'error',
    recommended: true,
    minPgVersion: 12,
    messages: {
      table: `REINDEX TABLE {{table}} takes a ${SHARE} lock on {{table}} and an ${EXCLUSIVE} lock on each index while it is rebuilt: ${WHAT}.`,
      index: `REINDEX INDEX {{index}} takes a ${SHARE} lock on {{table}} and an ${EXCLUSIVE} lock on {{index}} while it is rebuilt: ${WHAT}.`,
      indexUnknownTable: `REINDEX INDEX {{index}} takes a ${SHARE} lock on the index's table (unknown to the schema model) and an ${EXCLUSIVE} lock on {{index}} while it is rebuilt: ${WHAT}.`,
      many: `REINDEX {{scope}} rebuilds every index of every table in it, each under a ${SHARE} lock on its table and an ${EXCLUSIVE} lock on the index: writes, and nearly every query, wait on each table in turn.`,
      system: `REINDEX SYSTEM rebuilds the system catalogs' indexes under ${SHARE} / ${EXCLUSIVE} locks, which stalls almost every session, and it cannot run CONCURRENTLY.`,
    },
    fix: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction (its own migration with the framework\'s transaction turned off).',
  },
  create(ctx) {
    const newSchemas = new Set<string>();
    return {
      Statement(stmt) {
        if (stmt.kind === 'CreateSchemaStmt' && stmt.node.schemaname) newSchemas.add(stmt.node.schemaname);
        if (stmt.kind !== 'ReindexStmt' || isConcurrentReindex(stmt.node)) return;
        const node = stmt.node;
        switch (node.kind) {
          case 'REINDEX_OBJECT_TABLE': {
            const table = fromRangeVar(node.relation);
            if (!ctx.isExistingTable(table)) return;
            ctx.report({ messageId: 'table', data: { table: displayName(table) } });
            return;
          }
          case 'REINDEX_OBJECT_INDEX': {
            const index = fromRangeVar(node.relation);
            const known = ctx.catalog.indexes.get(keyOf(index));
            if (!known) {
              ctx.report({ messageId: 'indexUnknownTable', data: { index: displayName(index) } });
              return;
            }
            const table = tableOf(known.table);
            if (known.createdInChange || !ctx.isExistingTable(table)) return;
            ctx.report({ messageId: 'index', data: { index: displayName(index), table: displayName(table) } });
            return;
          }
          case 'REINDEX_OBJECT_SCHEMA':
            // A schema created by this file holds only tables created after it: new and empty.
            if (node.name && newSchemas.has(node.name)) return;
            ctx.report({ messageId: 'many', data: { scope: `SCHEMA ${quoteIdent(node.name ?? '')}` } });
            return;
          case 'REINDEX_OBJECT_DATABASE':
            ctx.report({ messageId: 'many', data: { scope: node.name ? `DATABASE ${quoteIdent(node.name)}` : 'DATABASE' } });
            return;
          case 'REINDEX_OBJECT_SYSTEM':
            ctx.report({ messageId: 'system', fix: 'Do not reindex the system catalogs in a migration: run REINDEX SYSTEM by hand in a maintenance window.' });
            return;
        }
      },
    };
  },
});

function tableOf(key: string): QualifiedName {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}
