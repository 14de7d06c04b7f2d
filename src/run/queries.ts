/**
 * The application's queries planned before and after the checked files, on the seeded data, and the difference.
 *
 * Planning happens in the migration's own session between statements, so it leaves nothing behind: everything runs
 * in a transaction of its own (or, should one be open, under a savepoint) that is rolled back, each query under a
 * savepoint of its own with a short statement_timeout (SET LOCAL), and prepared statements are deallocated.
 */
import type { Finding, QueryPlanSummary, QueryReport, SchemaChange, Span } from '../report/types.js';
import { formatCost } from '../report/query-facts.js';
import { highestParameter } from '../queries/sql-text.js';
import type { QuerySpec } from '../queries/types.js';
import { formatMs, runFinding, type RunFindingId } from './findings.js';
import { summarisePlan } from './plan-summary.js';
import type { SchemaChangeLocator } from './queries-blame.js';
import { previousName } from './schema-diff.js';
import type { Session } from './session.js';

/** One query's plan (or, analyzed, its run) may take this long; the migration's own timeout is restored after. */
export const QUERY_TIMEOUT_MS = 10_000;
/** EXPLAIN (GENERIC_PLAN) plans a parameterised query without values; PostgreSQL 16 added it. */
const GENERIC_PLAN_SINCE = 16;
/** Analyzed times this close are noise, whatever their ratio (0.02 ms → 0.05 ms is not a regression). */
const MIN_TIME_DELTA_MS = 1;

const OUTER_SAVEPOINT = 'migrascope_queries';
const QUERY_SAVEPOINT = 'migrascope_query';
const PREPARED = 'migrascope_query_plan';

/** Plans (or, with analyze, runs and rolls back) each query; a query that cannot be planned gets its error. */
export async function planQueries(session: Session, queries: QuerySpec[], options: { analyze: boolean }): Promise<QueryPlanSummary[]> {
  if (!queries.length) return [];
  const wasIdle = session.getTransactionStatus() !== 'T';
  const results: QueryPlanSummary[] = [];
  let opened = false;
  try {
    const major = Math.floor(Number((await session.query<{ num: string }>(`SELECT current_setting('server_version_num') AS num`)).rows[0].num) / 10000);
    await session.query(wasIdle ? 'BEGIN' : `SAVEPOINT ${OUTER_SAVEPOINT}`);
    opened = true;
    await session.query(`SET LOCAL statement_timeout = ${QUERY_TIMEOUT_MS}`);
    for (const query of queries) results.push(await planOne(session, query, options.analyze, major));
  } catch (error) {
    // The session itself failed (connection lost, aborted transaction): every query not yet planned says why.
    while (results.length < queries.length) results.push(failed(error));
  } finally {
    if (opened) {
      const undo = wasIdle ? ['ROLLBACK'] : [`ROLLBACK TO SAVEPOINT ${OUTER_SAVEPOINT}`, `RELEASE SAVEPOINT ${OUTER_SAVEPOINT}`];
      for (const sql of undo) await session.query(sql).catch(() => undefined);
    }
  }
  return results;
}

async function planOne(session: Session, query: QuerySpec, analyze: boolean, major: number): Promise<QueryPlanSummary> {
  const sql = query.sql.trim().replace(/;\s*$/, '');
  const generic = highestParameter(sql) > 0 && query.params === null;
  if (generic && major < GENERIC_PLAN_SINCE) {
    const message = `the query has parameters and no "-- params:" values; planning it without values needs EXPLAIN (GENERIC_PLAN), PostgreSQL ${GENERIC_PLAN_SINCE} or later, and this server is ${major}: add "-- params:"`;
    return failed({ code: '0A000', message });
  }
  // A parameterised query without values cannot run: it is planned generically even when analyzing.
  const options = generic ? 'GENERIC_PLAN, VERBOSE, FORMAT JSON' : analyze ? 'ANALYZE, BUFFERS, VERBOSE, FORMAT JSON' : 'VERBOSE, FORMAT JSON';
  const prepare = query.params !== null && query.params.length > 0;
  let prepared = false;
  await session.query(`SAVEPOINT ${QUERY_SAVEPOINT}`);
  try {
    let explain: string;
    if (prepare) {
      // A freshly prepared statement's first executions get custom plans: the plan for these values.
      await session.query(`PREPARE ${PREPARED} AS ${sql}`);
      prepared = true;
      explain = `EXPLAIN (${options}) EXECUTE ${PREPARED}(${query.params!.join(', ')})`;
    } else explain = `EXPLAIN (${options}) ${sql}`;
    const result = await session.query<{ 'QUERY PLAN': unknown }>(explain);
    return { ...summarisePlan(result.rows[0]?.['QUERY PLAN']), error: null };
  } catch (error) {
    return failed(error);
  } finally {
    // Undoes what an analyzed INSERT/UPDATE/DELETE did; PREPARE is not transactional and goes apart.
    await session.query(`ROLLBACK TO SAVEPOINT ${QUERY_SAVEPOINT}`);
    await session.query(`RELEASE SAVEPOINT ${QUERY_SAVEPOINT}`);
    if (prepared) await session.query(`DEALLOCATE ${PREPARED}`);
  }
}

function failed(error: unknown): QueryPlanSummary {
  const e = error as { code?: unknown; message?: unknown };
  const sqlstate = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : 'XX000';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { shape: [], indexes: [], cost: 0, ms: null, plan: null, error: { sqlstate, message } };
}

export interface CompareContext {
  /** A query whose cost (or analyzed time) grows by more than this factor has regressed. */
  maxCostRatio: number;
  schemaDiff: SchemaChange[] | null;
  /** Finds the checked statement behind a schema change, so a finding can point at it; without it, findings point at the query. */
  locate?: SchemaChangeLocator;
  /**
   * The migrations stopped at a failed statement: `after` is the state they left, which is what production is left
   * in by the same failure (autocommit statements before it stay applied, a failed transaction is rolled back).
   */
  stoppedEarly?: boolean;
}

/**
 * Compares the plans; `after` is null when the checked files did not complete. The findings point at the migration
 * statement responsible where one is known (e.g. the DROP INDEX a query relied on), else at the query.
 */
export function compareQueries(
  queries: QuerySpec[],
  before: QueryPlanSummary[],
  after: QueryPlanSummary[] | null,
  context: CompareContext,
): { reports: QueryReport[]; findings: Finding[] } {
  const reports: QueryReport[] = [];
  const findings: Finding[] = [];
  queries.forEach((query, i) => {
    const b = before[i] ?? null;
    const a = after ? (after[i] ?? null) : null;
    const judged = judge(query, b, a, after === null, context);
    if (context.stoppedEarly && after !== null) {
      judged.change += ' (after the migrations stopped at a failure)';
      if (judged.finding) judged.finding.message += ' The migrations stopped at a failed statement; this compares the state they left, as a failed deploy would leave production.';
    }
    reports.push({ name: query.name, file: query.file, line: query.line, sql: query.sql, before: b, after: a, change: judged.change, verdict: judged.verdict });
    if (judged.finding) findings.push(judged.finding);
  });
  return { reports, findings };
}

interface Judgement {
  verdict: QueryReport['verdict'];
  change: string;
  finding: Finding | null;
}

function judge(query: QuerySpec, before: QueryPlanSummary | null, after: QueryPlanSummary | null, notRun: boolean, context: CompareContext): Judgement {
  const generic = highestParameter(query.sql) > 0 && query.params === null ? '; generic plan (no "-- params:")' : '';
  // Not `same`: nothing was compared, and a reader should not count it among the unchanged.
  if (notRun || !before || !after) return { verdict: 'changed', change: 'not compared: the migrations did not complete', finding: null };
  if (before.error && after.error) return { verdict: 'same', change: `fails before and after: ${errorText(after.error)}`, finding: null };
  if (before.error) return { verdict: 'changed', change: `plans after (failed before: ${errorText(before.error)}); cost ${formatCost(after.cost)}${generic}`, finding: null };
  if (after.error) {
    const change = `fails after: ${errorText(after.error)}`;
    const cause = brokenBy(after.error, before, context.schemaDiff ?? []);
    const where = locateFinding(query, cause, context);
    const message = `Query "${query.name}" (${query.file}:${query.line}) plans before the migrations but fails after them: ${after.error.message} (SQLSTATE ${after.error.sqlstate})${cause ? `; the migrations ${cause.change === 'dropped' ? 'dropped' : 'changed'} ${cause.kind} ${previousName(cause) ?? cause.name}` : ''}.`;
    return { verdict: 'regressed', change, finding: finding('run-query-broken', where, message) };
  }

  const costRatio = ratio(before.cost, after.cost);
  const timeRegressed = before.ms !== null && after.ms !== null && after.ms - before.ms >= MIN_TIME_DELTA_MS && ratio(before.ms, after.ms) > context.maxCostRatio;
  const costRegressed = costRatio > context.maxCostRatio;
  const lost = lostIndex(before, after, context.schemaDiff ?? []);
  const sameShape = before.shape.join('\n') === after.shape.join('\n');

  const figures = [`cost ${costChange(before.cost, after.cost)}`];
  if (before.ms !== null && after.ms !== null) figures.push(`${formatMs(before.ms)} → ${formatMs(after.ms)}`);
  let change = sameShape
    ? before.cost === after.cost
      ? `unchanged (cost ${formatCost(before.cost)})`
      : `same plan; ${figures.join('; ')}`
    : `${shapeDifference(before.shape, after.shape)}; ${figures.join('; ')}`;
  // Another index took over at no great cost (a duplicate index dropped): the query is still served by an index.
  const replacement = lost && !costRegressed ? after.indexes.find((i) => !before.indexes.includes(i)) : undefined;
  if (lost) change += `; index ${lost.index} ${lost.change.change === 'dropped' ? 'dropped' : 'changed'}${replacement ? `, ${replacement} used instead` : ''}`;
  change += generic;

  if (lost && !replacement) {
    const where = locateFinding(query, lost.change, context);
    const message = `Query "${query.name}" (${query.file}:${query.line}) used index ${lost.index}, which the migrations ${lost.change.change === 'dropped' ? 'dropped' : 'changed'}, and no longer does: ${shapeDifference(before.shape, after.shape)}, cost ${costChange(before.cost, after.cost)}.`;
    return { verdict: 'regressed', change, finding: finding('run-query-lost-index', where, message) };
  }
  if (costRegressed || timeRegressed) {
    const what = costRegressed ? `cost ${costChange(before.cost, after.cost)}` : `time ${formatMs(before.ms!)} → ${formatMs(after.ms!)}`;
    const message = `Query "${query.name}" (${query.file}:${query.line}) got ${costRegressed ? 'costlier' : 'slower'} after the migrations: ${what}, more than ×${context.maxCostRatio} (thresholds.max-query-cost-ratio)${sameShape ? '' : `; ${shapeDifference(before.shape, after.shape)}`}.`;
    return { verdict: 'regressed', change, finding: finding('run-query-regressed', locateFinding(query, null, context), message) };
  }
  if (ratio(after.cost, before.cost) > context.maxCostRatio) return { verdict: 'improved', change, finding: null };
  return { verdict: sameShape && sameIndexes(before, after) ? 'same' : 'changed', change, finding: null };
}

function sameIndexes(a: QueryPlanSummary, b: QueryPlanSummary): boolean {
  return a.indexes.join('\n') === b.indexes.join('\n');
}

function errorText(error: { sqlstate: string; message: string }): string {
  return `${error.message} (${error.sqlstate})`;
}

/** How many times `to` is `from`; costs of 0 (a Result node) count as a hundredth so the ratio stays finite. */
function ratio(from: number, to: number): number {
  return Math.max(to, 0.01) / Math.max(from, 0.01);
}

const FACTOR = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** `8.3 → 1,943 (×234)`, `1,943 → 8.3 (÷234)`; no factor for a change under 10 %. */
function costChange(before: number, after: number): string {
  const up = ratio(before, after);
  const factor = up >= 1.1 ? ` (×${FACTOR.format(up)})` : up <= 1 / 1.1 ? ` (÷${FACTOR.format(1 / up)})` : '';
  return `${formatCost(before)} → ${formatCost(after)}${factor}`;
}

/** The nodes only one side has: `Index Scan using users_email_key on public.users → Seq Scan on public.users`. */
function shapeDifference(before: string[], after: string[]): string {
  const nodes = (shape: string[]) => shape.map((l) => l.replace(/^\s*(?:->\s*)?/, '').trim());
  const b = nodes(before);
  const a = nodes(after);
  const onlyBefore = b.filter((n) => !a.includes(n));
  const onlyAfter = a.filter((n) => !b.includes(n));
  const side = (list: string[], all: string[]) => {
    const shown = list.length ? list : all;
    return shown.length > 2 ? `${shown.slice(0, 2).join(', ')} …` : shown.join(', ');
  };
  return `${side(onlyBefore, b)} → ${side(onlyAfter, a)}`;
}

/** An index the query used before, that the diff says was dropped or changed, and that the plan no longer uses. */
function lostIndex(before: QueryPlanSummary, after: QueryPlanSummary, diff: SchemaChange[]): { index: string; change: SchemaChange } | null {
  for (const index of before.indexes) {
    if (after.indexes.includes(index)) continue;
    const change = diff.find((c) => c.kind === 'index' && c.change !== 'added' && (previousName(c) ?? c.name) === index);
    if (!change) continue;
    // Renamed, and still used under the new name: the same index.
    if (previousName(change) !== null && after.indexes.includes(change.name)) continue;
    return { index, change };
  }
  return null;
}

/**
 * The dropped or renamed object a query's new error names (`column "email" does not exist`), preferring objects
 * of the relations its plan read before.
 */
function brokenBy(error: { sqlstate: string; message: string }, before: QueryPlanSummary, diff: SchemaChange[]): SchemaChange | null {
  const quoted = [...error.message.matchAll(/"((?:[^"]|"")+)"/g)].map((m) => m[1].replace(/""/g, '"'));
  if (!quoted.length) return null;
  const relations = new Set(before.shape.flatMap((l) => /\bon (\S+)$/.exec(l.trim())?.[1] ?? []));
  const own = (c: SchemaChange, name: string) => {
    if (c.kind === 'column' || c.kind === 'constraint' || c.kind === 'trigger') return name.slice(name.lastIndexOf('.') + 1);
    if (c.kind === 'function' || c.kind === 'procedure' || c.kind === 'aggregate') return name.slice(name.indexOf('.') + 1).replace(/\(.*$/, '');
    return name.slice(name.indexOf('.') + 1);
  };
  const candidates = diff.filter((c) => c.change !== 'added' && quoted.includes(own(c, previousName(c) ?? c.name)));
  const inPlan = (c: SchemaChange) => {
    const old = previousName(c) ?? c.name;
    return relations.has(old) || relations.has(old.slice(0, old.lastIndexOf('.')));
  };
  return candidates.find(inPlan) ?? candidates[0] ?? null;
}

interface Location {
  file: string;
  span: Span;
  statementIndex: number | null;
}

/** The migration statement behind the change when the locator knows it, else the query's `-- name:` line. */
function locateFinding(query: QuerySpec, change: SchemaChange | null, context: CompareContext): Location {
  const located = change && context.locate ? context.locate(change) : null;
  if (located) return located;
  return { file: query.file, span: { line: query.line, column: 1, endLine: query.line, endColumn: 1 }, statementIndex: null };
}

function finding(id: RunFindingId, where: Location, message: string): Finding {
  return runFinding(id, where.file, where.span, message, where.statementIndex);
}
