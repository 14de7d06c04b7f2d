import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { lockHeldInTransaction } from '../sql/transaction-rules.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'require-concurrent-detach',
    description: 'Require DETACH PARTITION CONCURRENTLY on existing partitioned tables',
    category: 'lock',
    severity: 'error',
    recommended: true,
    minPgVersion: 14,
    messages: {
      nonConcurrent: `DETACH PARTITION {{partition}} takes an ${LOCK} lock on the partitioned table {{parent}}: every read and write of {{parent}} (all partitions) waits, and the detach itself first waits behind running queries on it.`,
      withDefault: `DETACH PARTITION {{partition}} takes an ${LOCK} lock on the partitioned table {{parent}}: every read and write of {{parent}} (all partitions) waits. {{parent}} has a DEFAULT partition ({{defaultPartition}}), so CONCURRENTLY is not allowed.`,
    },
    fix: 'Use ALTER TABLE … DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) in its own migration, outside a transaction; not allowed while the table has a DEFAULT partition. If it is interrupted, finish with DETACH PARTITION … FINALIZE.',
  },
  create(ctx) {
    // parent key → its DEFAULT partition, as far as this file shows (the schema model does not record bounds).
    const defaults = new Map<string, string>();
    return {
      Statement(stmt) {
        const { node } = stmt;
        if (stmt.kind === 'CreateStmt' && node.partbound?.is_default) {
          for (const r of node.inhRelations ?? []) defaults.set(keyOf(fromRangeVar(r.RangeVar)), displayName(fromRangeVar(node.relation)));
          return;
        }
        if (stmt.kind !== 'AlterTableStmt' || node.objtype !== 'OBJECT_TABLE') return;
        const parent = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          const partitionCmd = cmd?.def?.PartitionCmd;
          if (!partitionCmd) continue;
          const partition = fromRangeVar(partitionCmd.name);
          if (cmd.subtype === 'AT_AttachPartition') {
            if (partitionCmd.bound?.is_default) defaults.set(keyOf(parent), displayName(partition));
            continue;
          }
          if (cmd.subtype !== 'AT_DetachPartition') continue;
          const defaultPartition = defaults.get(keyOf(parent));
          if (defaultPartition === displayName(partition)) defaults.delete(keyOf(parent));
          if (partitionCmd.concurrent || !ctx.isExistingTable(parent)) continue;
          // An earlier statement of this transaction already holds ACCESS EXCLUSIVE on the parent until the end.
          if (lockHeldInTransaction(ctx.statements, ctx.statement, parent) === 'AccessExclusiveLock') continue;
          const data = { partition: displayName(partition), parent: displayName(parent) };
          if (defaultPartition !== undefined) {
            ctx.report({
              messageId: 'withDefault',
              data: { ...data, defaultPartition },
              location: partitionCmd.name?.location,
              fix: "Set a short lock_timeout (e.g. SET lock_timeout = '2s') before the DETACH and retry on timeout, at a quiet time.",
            });
          } else {
            ctx.report({ messageId: 'nonConcurrent', data, location: partitionCmd.name?.location });
          }
        }
      },
    };
  },
});
