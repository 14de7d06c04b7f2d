import type { Table, RelationKind } from '../catalog/types.js';
import type { RuleContext } from '../rules/define.js';
import { fromRangeVar, type QualifiedName } from './names.js';

/**
 * The table a top-level `ALTER TABLE` changes, when it may hold production data: it existed before the change
 * and (when the catalog knows it) is one of `kinds`. Null otherwise, so lock/rewrite rules stay quiet on new
 * tables, views and nested statements.
 */
export function alteredExistingTable(
  ctx: Pick<RuleContext<string>, 'statement' | 'isExistingTable' | 'table'>,
  node: any,
  kinds: readonly RelationKind[] = ['table', 'partitioned-table'],
): { q: QualifiedName; known: Table | undefined } | null {
  if (ctx.statement.node !== node || node.objtype !== 'OBJECT_TABLE') return null;
  const q = fromRangeVar(node.relation);
  if (!ctx.isExistingTable(q)) return null;
  const known = ctx.table(q);
  if (known && !kinds.includes(known.kind)) return null;
  return { q, known };
}
