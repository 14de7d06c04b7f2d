/**
 * DML runs as `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) <statement>`: ANALYZE executes it for real, with the same
 * locks and effects, so the plan costs no second execution and the data ends up as the migration leaves it.
 */
import type { ParsedStatement } from '../parse/parse-sql.js';

export const EXPLAIN_PREFIX = 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ';

/** UPDATE, DELETE, MERGE and INSERT … SELECT (an INSERT … VALUES plan says nothing worth its cost). */
export function wantsPlan(stmt: Pick<ParsedStatement, 'kind' | 'node'>): boolean {
  switch (stmt.kind) {
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      return true;
    case 'InsertStmt': {
      const select = stmt.node.selectStmt?.SelectStmt;
      return !!select && !select.valuesLists;
    }
    default:
      return false;
  }
}

interface PlanNode {
  'Node Type'?: string;
  'Parent Relationship'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Tuples Inserted'?: number;
  'Tuples Updated'?: number;
  'Tuples Deleted'?: number;
  'Conflicting Tuples'?: number;
  'Conflict Resolution'?: string;
  'Rows Removed by Conflict Filter'?: number;
  Plans?: PlanNode[];
}

/** The plan document from EXPLAIN's single `QUERY PLAN` row. */
export function planOf(rows: Array<Record<string, unknown>>): unknown | null {
  const doc = rows[0]?.['QUERY PLAN'];
  const parsed = typeof doc === 'string' ? JSON.parse(doc) : doc;
  return Array.isArray(parsed) ? (parsed[0] ?? null) : (parsed ?? null);
}

/** Rows the statement changed, as the plan's ModifyTable node tells. */
export function rowsFromPlan(plan: unknown): number | null {
  const top = (plan as { Plan?: PlanNode } | null)?.Plan;
  const modify = top && findModifyTable(top);
  if (!modify) return null;
  // MERGE reports each action; INSERT … ON CONFLICT what it inserted and the conflicts, which DO UPDATE updates
  // unless its WHERE filters them out.
  const counted = ['Tuples Inserted', 'Tuples Updated', 'Tuples Deleted'] as const;
  if (counted.some((k) => typeof modify[k] === 'number')) {
    const updatedOnConflict =
      modify['Conflict Resolution'] === 'UPDATE' ? (modify['Conflicting Tuples'] ?? 0) - (modify['Rows Removed by Conflict Filter'] ?? 0) : 0;
    return counted.reduce((sum, k) => sum + (modify[k] ?? 0), updatedOnConflict);
  }
  // Otherwise every row the subplan feeds into ModifyTable is changed.
  const source = (modify.Plans ?? []).find((p) => p['Parent Relationship'] === 'Outer');
  if (!source) return 0;
  return (source['Actual Rows'] ?? 0) * (source['Actual Loops'] ?? 1);
}

function findModifyTable(node: PlanNode): PlanNode | null {
  if (node['Node Type'] === 'ModifyTable') return node;
  for (const child of node.Plans ?? []) {
    const found = findModifyTable(child);
    if (found) return found;
  }
  return null;
}
