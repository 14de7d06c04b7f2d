/**
 * EXPLAIN (VERBOSE, FORMAT JSON) output → what a reviewer compares: one line per node, the indexes used, the top
 * node's cost and, analyzed, the execution time. VERBOSE is what names each scanned relation's schema.
 */
import type { QueryPlanSummary } from '../report/types.js';

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

const AGGREGATE_STRATEGY: Record<string, string> = { Plain: 'Aggregate', Sorted: 'GroupAggregate', Hashed: 'HashAggregate', Mixed: 'MixedAggregate' };

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The node's name as EXPLAIN's text format writes it: `Hash Left Join`, `HashAggregate`, `Index Scan Backward`, `Insert`. */
function nodeName(node: PlanNode): string {
  let name = str(node['Node Type']) ?? '?';
  if (name === 'ModifyTable') name = str(node.Operation) ?? name;
  if (name === 'Aggregate') name = AGGREGATE_STRATEGY[str(node.Strategy) ?? 'Plain'] ?? name;
  if (name === 'SetOp' && node.Strategy === 'Hashed') name = 'HashSetOp';
  const join = str(node['Join Type']);
  if (join && join !== 'Inner') name = name.endsWith(' Join') ? `${name.slice(0, -5)} ${join} Join` : `${name} ${join} Join`;
  if (node['Scan Direction'] === 'Backward') name = `${name} Backward`;
  const partial = str(node['Partial Mode']);
  if (partial && partial !== 'Simple') name = `${partial} ${name}`;
  if (node['Parallel Aware'] === true) name = `Parallel ${name}`;
  return name;
}

function qualified(schema: string | null, name: string): string {
  return schema ? `${schema}.${name}` : name;
}

/** `Index Scan using users_email_key on public.users`, `CTE Scan on recent`, `Function Scan on public.f`. */
function nodeLine(node: PlanNode): string {
  const parts = [nodeName(node)];
  const index = str(node['Index Name']);
  if (index) parts.push(`using ${index}`);
  const schema = str(node.Schema);
  const target = str(node['Relation Name']) ?? str(node['Function Name']);
  if (target) parts.push(`on ${qualified(schema, target)}`);
  else if (str(node['CTE Name'])) parts.push(`on ${str(node['CTE Name'])}`);
  return parts.join(' ');
}

/** Top node unindented, children as EXPLAIN's text has them but narrower: `  ->  Seq Scan on public.users`. */
function indent(depth: number): string {
  return depth === 0 ? '' : `${'  '.repeat(depth)}->  `;
}

export function summarisePlan(explain: unknown): Omit<QueryPlanSummary, 'error'> {
  const root = (Array.isArray(explain) ? explain[0] : explain) as Record<string, unknown> | undefined;
  const top = root?.Plan as PlanNode | undefined;
  if (!top) throw new Error('EXPLAIN returned no plan');
  const shape: string[] = [];
  const indexes: string[] = [];
  // A Bitmap Index Scan names no relation: its index lives in the schema of the Bitmap Heap Scan above it.
  const walk = (node: PlanNode, depth: number, schema: string | null) => {
    const own = str(node.Schema) ?? schema;
    shape.push(`${indent(depth)}${nodeLine(node)}`);
    const index = str(node['Index Name']);
    if (index && !indexes.includes(qualified(own, index))) indexes.push(qualified(own, index));
    for (const child of node.Plans ?? []) walk(child, depth + 1, str(node['Relation Name']) ? own : schema);
  };
  walk(top, 0, null);
  const cost = Number(top['Total Cost'] ?? 0);
  const executed = root?.['Execution Time'];
  return { shape, indexes, cost, ms: typeof executed === 'number' ? Math.round(executed * 1000) / 1000 : null, plan: explain };
}
