/** The application's queries planned before and after the checked files (STUB — being implemented). */
import type { Finding, QueryPlanSummary, QueryReport, SchemaChange } from '../report/types.js';
import type { QuerySpec } from '../queries/types.js';
import type { Session } from './session.js';

/** Plans (or, with analyze, runs and rolls back) each query; a query that cannot be planned gets its error. */
export async function planQueries(session: Session, queries: QuerySpec[], options: { analyze: boolean }): Promise<QueryPlanSummary[]> {
  void session, queries, options;
  return [];
}

/**
 * Compares the plans; `after` is null when the checked files did not complete. The findings point at the migration
 * statement responsible where one is known (e.g. the DROP INDEX a query relied on), else at the query.
 */
export function compareQueries(
  queries: QuerySpec[],
  before: QueryPlanSummary[],
  after: QueryPlanSummary[] | null,
  context: { maxCostRatio: number; schemaDiff: SchemaChange[] | null },
): { reports: QueryReport[]; findings: Finding[] } {
  void queries, before, after, context;
  return { reports: [], findings: [] };
}
