import { defineRule } from './define.js';
import { displayName, fromRangeVar } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { isVacuumFull } from '../sql/transaction-rules.js';

const LOCK = lockLabel('AccessExclusiveLock');

export default defineRule({
  meta: {
    id: 'ban-vacuum-full-cluster',
    description: 'Forbid VACUUM FULL and CLUSTER on existing tables in migrations',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      vacuumFull: `VACUUM FULL rewrites {{table}} and all its indexes under an ${LOCK} lock: every read and write of {{table}} waits until the rewrite finishes, and it needs free disk space for a full copy.`,
      vacuumFullAll: `VACUUM FULL without a table rewrites every table in the database, each under an ${LOCK} lock that blocks all reads and writes of it for its whole rewrite.`,
      cluster: `CLUSTER rewrites {{table}} and all its indexes under an ${LOCK} lock: every read and write of {{table}} waits until the rewrite finishes, and it needs free disk space for a full copy.`,
      clusterAll: `CLUSTER without a table rewrites every previously clustered table in the database, each under an ${LOCK} lock that blocks all reads and writes of it for its whole rewrite.`,
    },
    fix: 'Keep it out of deploy migrations: reclaim space online with pg_repack or pg_squeeze, or run plain VACUUM (no lock on reads or writes) and let the space be reused.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind === 'VacuumStmt') {
          if (!isVacuumFull(stmt.node)) return;
          const rels = (stmt.node.rels ?? []).map((r: any) => r.VacuumRelation?.relation).filter(Boolean);
          if (rels.length === 0) {
            ctx.report({ messageId: 'vacuumFullAll' });
            return;
          }
          for (const rel of rels) {
            const table = fromRangeVar(rel);
            if (ctx.isExistingTable(table)) ctx.report({ messageId: 'vacuumFull', data: { table: displayName(table) }, location: rel.location });
          }
        } else if (stmt.kind === 'ClusterStmt') {
          if (!stmt.node.relation) {
            ctx.report({ messageId: 'clusterAll' });
            return;
          }
          const table = fromRangeVar(stmt.node.relation);
          if (ctx.isExistingTable(table)) ctx.report({ messageId: 'cluster', data: { table: displayName(table) } });
        }
      },
    };
  },
});
