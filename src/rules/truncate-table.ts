import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf } from '../sql/names.js';
import type { Catalog } from '../catalog/types.js';

/** Tables whose foreign keys reach `key`, directly or through other referencing tables (what CASCADE empties). */
function referencingTables(catalog: Catalog, key: string): string[] {
  const found = new Set<string>();
  const queue = [key];
  while (queue.length) {
    const current = queue.shift()!;
    for (const [k, t] of catalog.tables) {
      if (k === key || found.has(k)) continue;
      if (t.constraints.some((c) => c.kind === 'foreign-key' && c.references?.table === current)) {
        found.add(k);
        queue.push(k);
      }
    }
  }
  return [...found].map((k) => {
    const t = catalog.tables.get(k)!;
    return displayName({ schema: t.schema, name: t.name });
  });
}

export default defineRule({
  meta: {
    id: 'truncate-table',
    description: 'Warn when a migration truncates an existing table',
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    messages: {
      truncate:
        'TRUNCATE {{table}} deletes every row of it and takes an ACCESS EXCLUSIVE lock: reads and writes on {{table}} wait until the transaction ends.',
      truncateCascade:
        'TRUNCATE {{table}} CASCADE deletes every row of it and also empties every table with a foreign key to it{{referencing}}, under ACCESS EXCLUSIVE locks: reads and writes on all of them wait until the transaction ends.',
    },
    fix: 'Do not empty production tables from a migration: delete the rows you mean to remove in batches (DELETE … WHERE id >= $1 AND id < $2), or drop the table in a later release once nothing uses it.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'TruncateStmt') return;
        const cascade = stmt.node.behavior === 'DROP_CASCADE';
        for (const r of stmt.node.relations ?? []) {
          const table = fromRangeVar(r.RangeVar);
          if (!ctx.isExistingTable(table)) continue;
          const referencing = cascade ? referencingTables(ctx.catalog, keyOf(table)) : [];
          ctx.report({
            messageId: cascade ? 'truncateCascade' : 'truncate',
            data: { table: displayName(table), referencing: referencing.length ? ` (known here: ${referencing.join(', ')})` : '' },
            location: r.RangeVar?.location,
          });
        }
      },
    };
  },
});
