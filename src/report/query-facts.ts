/** The application queries' before/after plans as both the text and the markdown renderer show them. */
import { formatMs } from './execution-facts.js';
import { pluralize } from './severity.js';
import type { QueryPlanSummary, QueryReport } from './types.js';

export type Verdict = QueryReport['verdict'];

/** What a reader looks at first: regressions, then changes, improvements, the unchanged. */
export const VERDICTS: readonly Verdict[] = ['regressed', 'changed', 'improved', 'same'];

/** Regressed first, then changed, improved, same; report order within a verdict. */
export function sortQueries(queries: readonly QueryReport[]): QueryReport[] {
  return [...queries].sort((a, b) => VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict));
}

/** `1 regressed, 1 changed, 3 same` (verdicts with none left out), regressed first. */
export function verdictCounts(queries: readonly QueryReport[]): string {
  return VERDICTS.map((v) => [v, queries.filter((q) => q.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
}

/** `5 queries: 1 regressed, 1 changed, 3 same`. */
export function querySummary(queries: readonly QueryReport[]): string {
  return `${pluralize(queries.length, 'query', 'queries')}: ${verdictCounts(queries)}`;
}

// Made once: `toLocaleString` builds a formatter per call, which thousands of queries notice.
const SMALL_COST = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const LARGE_COST = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Costs as EXPLAIN gives them, readable: `8.27`, `4,211`. */
export function formatCost(cost: number): string {
  return (cost < 100 ? SMALL_COST : LARGE_COST).format(cost);
}

/**
 * A plan in a few words: its nodes top-down (`HashAggregate › Seq Scan on public.orders`), tree markup dropped;
 * `fails (42703)` when it could not be planned, `—` when it was not planned at all.
 */
export function shapeSummary(plan: QueryPlanSummary | null, max = 80): string {
  if (!plan) return '—';
  if (plan.error) return `fails (${plan.error.sqlstate})`;
  const text = plan.shape.map((l) => l.replace(/^\s*(?:->\s*)?/, '').trim()).filter(Boolean).join(' › ') || '—';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `shape before → shape after`, or just one when they read the same. */
export function shapeChange(q: QueryReport, max?: number): string {
  const before = shapeSummary(q.before, max);
  const after = shapeSummary(q.after, max);
  return before === after ? before : `${before} → ${after}`;
}

/** `8.27 → 4,211`, one side `—` where that plan has no cost. */
export function costChange(q: QueryReport): string {
  const cost = (p: QueryPlanSummary | null) => (p && !p.error ? formatCost(p.cost) : '—');
  return `${cost(q.before)} → ${cost(q.after)}`;
}

/** `0.1 ms → 12 ms`; `—` sides without ANALYZE. */
export function timeChange(q: QueryReport): string {
  const ms = (p: QueryPlanSummary | null) => (p && !p.error && p.ms !== null ? formatMs(p.ms) : '—');
  return `${ms(q.before)} → ${ms(q.after)}`;
}

export function hasTimes(queries: readonly QueryReport[]): boolean {
  return queries.some((q) => (q.before?.ms ?? null) !== null || (q.after?.ms ?? null) !== null);
}

const MAX_SHAPE_LINES = 30;

/**
 * One plan as lines: a heading (`before (cost 8.27, 0.1 ms):`) then its nodes indented, cut to a readable length;
 * or `after: fails: 42703 column "email" does not exist`. Lines are not yet made safe for any output.
 */
export function planLines(label: 'before' | 'after', plan: QueryPlanSummary | null, indent = '  '): string[] {
  if (!plan) return [`${label}: not planned`];
  if (plan.error) return [`${label}: fails: ${plan.error.sqlstate} ${plan.error.message}`];
  const figures = [`cost ${formatCost(plan.cost)}`, ...(plan.ms !== null ? [formatMs(plan.ms)] : [])].join(', ');
  const shape = plan.shape.filter((l) => l.trim());
  const shown = shape.slice(0, MAX_SHAPE_LINES).map((l) => `${indent}${l.trimEnd()}`);
  const more = shape.length > MAX_SHAPE_LINES ? [`${indent}… and ${shape.length - MAX_SHAPE_LINES} more nodes`] : [];
  return [`${label} (${figures}):`, ...shown, ...more];
}

/** Queries whose plans are worth reading in full. */
export function isChanged(q: QueryReport): boolean {
  return q.verdict === 'regressed' || q.verdict === 'changed';
}
