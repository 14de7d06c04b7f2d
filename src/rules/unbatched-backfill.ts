import { defineRule } from './define.js';
import { displayName } from '../sql/names.js';
import { executedDml, isSystemTable, isUnboundedWrite } from '../sql/dml.js';

export default defineRule({
  meta: {
    id: 'unbatched-backfill',
    description: 'Warn when an UPDATE or DELETE rewrites an unbounded set of rows of an existing table in one statement',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    messages: {
      noWhere:
        '{{verb}} on {{table}} has no WHERE: it changes every row in one transaction, holding a row lock on each until commit (concurrent updates and deletes of those rows wait), and writes a new row version plus WAL for all of them.',
      unboundedWhere:
        '{{verb}} on {{table}} has a WHERE that does not bound the rows by a key range, key values or a LIMITed subquery: it can change most of the table in one transaction, holding a row lock on each changed row until commit (concurrent updates and deletes of them wait), and bloats the table and WAL.',
    },
    fix: 'Backfill in batches of a few thousand rows by primary-key range (WHERE id >= $1 AND id < $2), each in its own transaction: from a script or job after the deploy, or a no-transaction migration with a loop.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const dml of executedDml(stmt.kind, stmt.node)) {
          if (dml.verb === 'INSERT') continue;
          const table = dml.target.table;
          if (!ctx.isExistingTable(table) || isSystemTable(ctx.catalog, table)) continue;
          const known = ctx.table(table);
          if (known && known.kind !== 'table' && known.kind !== 'partitioned-table') continue;
          if (!isUnboundedWrite(dml, ctx.catalog)) continue;
          ctx.report({
            messageId: dml.node.whereClause ? 'unboundedWhere' : 'noWhere',
            data: { verb: dml.verb, table: displayName(table) },
            location: dml.nested ? dml.location : undefined,
          });
        }
      },
    };
  },
});
