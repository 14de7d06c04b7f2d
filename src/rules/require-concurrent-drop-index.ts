import { defineRule } from './define.js';
import { displayName, fromNameList, fromRangeVar, keyOf, stringList, type QualifiedName } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { lockHeldInTransaction } from '../sql/transaction-rules.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'require-concurrent-drop-index',
    description: 'Require DROP INDEX CONCURRENTLY for indexes on existing tables',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      nonConcurrent: `DROP INDEX {{index}} takes an ${LOCK} lock on {{table}}: every read and write of {{table}} waits, and the drop itself first waits behind running queries on it.`,
      unknownTable: `DROP INDEX {{index}} takes an ${LOCK} lock on the index's table (the index is unknown to the schema model, so its table is too): every read and write of that table waits, and the drop itself first waits behind running queries on it.`,
      unknownIfExists: `DROP INDEX IF EXISTS {{index}}: the index is unknown to the schema model, so its table is too; if it exists, the drop takes an ${LOCK} lock on that table, and every read and write of it waits.`,
      partitioned: `DROP INDEX {{index}} takes an ${LOCK} lock on the partitioned table {{table}} and its partitions, blocking every read and write; CONCURRENTLY is not available for indexes on partitioned tables.`,
    },
    fix: "Use DROP INDEX CONCURRENTLY, one index per statement, outside a transaction (its own migration with the framework's transaction turned off).",
  },
  create(ctx) {
    // Indexes this file has already removed (directly, with their constraint, or with their table): a later
    // DROP INDEX IF EXISTS of the same name finds nothing and locks nothing.
    const gone = new Set<string>();

    return {
      Statement(stmt) {
        if (stmt.kind === 'DropStmt' && stmt.node.removeType === 'OBJECT_INDEX' && !stmt.node.concurrent) checkDrop(stmt.node);
        rememberDropped(stmt.kind, stmt.node);
      },
    };

    function checkDrop(node: any): void {
      for (const object of node.objects ?? []) {
        const index = fromNameList(stringList(object.List?.items));
        if (!index.name) continue;
        const known = ctx.catalog.indexes.get(keyOf(index));
        const data = { index: displayName(index) };
        if (!known) {
          if (!gone.has(keyOf(index))) ctx.report({ messageId: node.missing_ok ? 'unknownIfExists' : 'unknownTable', data });
          continue;
        }
        const table = tableOf(known.table);
        // An index created by the change, or on a table it created, guards no production traffic yet.
        if (known.createdInChange || !ctx.isExistingTable(table)) continue;
        // An earlier statement of this transaction already holds ACCESS EXCLUSIVE on the table (and keeps it to
        // the end): the quick drop blocks nothing more; that statement is the one to look at.
        if (lockHeldInTransaction(ctx.statements, ctx.statement, table) === 'AccessExclusiveLock') continue;
        if (ctx.table(table)?.kind === 'partitioned-table') {
          ctx.report({
            messageId: 'partitioned',
            data: { ...data, table: displayName(table) },
            fix: "Set a short lock_timeout (e.g. SET lock_timeout = '2s') before the DROP INDEX and retry on timeout, at a quiet time.",
          });
          continue;
        }
        ctx.report({ messageId: 'nonConcurrent', data: { ...data, table: displayName(table) } });
      }
    }

    function rememberDropped(kind: string, node: any): void {
      if (kind === 'AlterTableStmt') {
        const table = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === 'AT_DropConstraint' && cmd.name) gone.add(keyOf({ schema: table.schema, name: cmd.name }));
        }
        return;
      }
      if (kind !== 'DropStmt' || !['OBJECT_INDEX', 'OBJECT_TABLE', 'OBJECT_MATVIEW'].includes(node.removeType)) return;
      for (const object of node.objects ?? []) {
        const key = keyOf(fromNameList(stringList(object.List?.items)));
        if (node.removeType === 'OBJECT_INDEX') gone.add(key);
        else for (const [indexKey, index] of ctx.catalog.indexes) if (index.table === key) gone.add(indexKey);
      }
    }
  },
});

function tableOf(key: string): QualifiedName {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}
