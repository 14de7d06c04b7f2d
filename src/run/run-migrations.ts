/**
 * The database run: provision a disposable Postgres, build the schema before the change (prelude + base files,
 * fast and untraced), then trace the checked files statement by statement. Migration tools stop at the first
 * failed migration, and so does the run.
 */
import { seedDatabase } from './seed/index.js';
import type { Finding, QueryReport, SchemaChange } from '../report/types.js';
import { estimateFile, productionRowCounts, readMeasuredRows, type RowCounts } from './estimate.js';
import { compareQueries, planQueries } from './queries.js';
import { locateSchemaChanges } from './queries-blame.js';
import { diffSchema, readSchemaShape } from './schema-diff.js';
import { applyBase, toBaseFailure, type LocatedFailure } from './apply-base.js';
import { withDatabase, type Database } from './database.js';
import { runFinding } from './findings.js';
import { findingsForFile } from './run-findings.js';
import { elapsed } from './session.js';
import { CatalogTracker, TABLE_KINDS } from './trace-catalog.js';
import { traceFile, type TraceEnv } from './trace-file.js';
import { ProbePool } from './trace-probe.js';
import { RUN_DEFAULTS, type BaseFailure, type RunFile, type RunOptions, type RunResult, type RunSummary, type StatementExecution } from './types.js';

/** Probe sessions opened before they are needed: a migration rarely locks more tables than this at once. */
const PROBE_SESSIONS_AHEAD = 4;

export async function runMigrations(base: RunFile[], checked: RunFile[], options: RunOptions): Promise<RunResult> {
  const executions = new Map<string, Array<StatementExecution | null>>(checked.map((f) => [f.path, f.parsed.statements.map(() => null)]));
  const findings: Finding[] = [];
  return withDatabase(options, async (db) => {
    const probes = options.blockingProbe === false ? null : new ProbePool(db.url);
    db.onClose(() => probes?.close());
    // Probe sessions connect while the base is applied.
    probes?.warm(PROBE_SESSIONS_AHEAD);
    const failure = await applyBase(db, base, options);
    // Volume before the checked files run, so what they take and block is measured on rows, not empty tables.
    let seed: Awaited<ReturnType<typeof seedDatabase>> | null = null;
    let seedTimeout: string | null = null;
    if (!failure && options.seedRows) {
      try {
        seed = await seedDatabase(db.url, {
          rows: options.seedRows,
          perTable: options.seedPerTable,
          stats: options.stats,
          onProgress: options.onProgress,
          onTableProgress: options.onSeedProgress,
          signal: db.deadline,
        });
      } catch (error) {
        // Only the run's deadline is expected here; anything else is the run breaking.
        if (!db.deadline.aborted) throw error;
        seedTimeout = (error as Error).message;
      }
    }
    const timeToFirstStatementMs = elapsed(db.startedAt);
    const production = productionRowCounts(options);
    let queries: QueryReport[] = [];
    let schemaDiff: SchemaChange[] | null = null;
    if (failure) {
      findings.push(baseFailedFinding(failure, db.server));
    } else if (seedTimeout) {
      const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
      findings.push(runFinding('run-timeout', checked[0]?.path ?? '', at, `The run hit its time limit while seeding, so the checked files did not run: ${seedTimeout}.`, null));
    } else {
      const measured = production ? await readMeasuredRows(db.main) : new Map<string, number>();
      const schemaBefore = await readSchemaShape(db.main);
      const specs = options.queries ?? [];
      const analyze = options.analyzeQueries ?? false;
      const plansBefore = specs.length ? await planQueries(db.main, specs, { analyze }) : [];
      const estimator = production ? { measured, production: production.counts } : null;
      const completed = await traceChecked(db, checked, options, probes, executions, findings, estimator);
      schemaDiff = diffSchema(schemaBefore, await readSchemaShape(db.main));
      if (specs.length) {
        // After a failure too: production is left in the state the failed deploy leaves.
        const plansAfter = await planQueries(db.main, specs, { analyze });
        const compared = compareQueries(specs, plansBefore, plansAfter, {
          maxCostRatio: options.maxQueryCostRatio ?? RUN_DEFAULTS.maxQueryCostRatio,
          schemaDiff,
          // Findings point at the migration statement that dropped or changed what the query relied on.
          locate: locateSchemaChanges(checked),
          stoppedEarly: !completed,
        });
        queries = compared.reports;
        findings.push(...compared.findings);
      }
    }
    const run = {
      ...summary(db, base.length, timeToFirstStatementMs, failure),
      ...(seedTimeout ? { error: `seeding: ${seedTimeout}` } : {}),
      seed: seed && { tables: seed.tables, rows: seed.rows, durationMs: seed.durationMs, notes: seed.notes },
      productionRowsFrom: production?.from ?? null,
    };
    return { run, executions, findings, baseFailure: toBaseFailure(failure), queries, schemaDiff };
  });
}

export interface PlainResult {
  run: RunSummary;
  /** The first file that failed (the apply stops there), or null. */
  failure: BaseFailure | null;
}

/** Applies the files the way `base` files are applied (no tracing): the baseline of the bench. */
export async function applyPlain(files: RunFile[], options: RunOptions): Promise<PlainResult> {
  return withDatabase(options, async (db) => {
    const failure = await applyBase(db, files, options);
    return { run: summary(db, files.length, db.provisionMs, failure), failure: toBaseFailure(failure) };
  });
}

async function traceChecked(
  db: Database,
  checked: RunFile[],
  options: RunOptions,
  probes: ProbePool | null,
  executions: Map<string, Array<StatementExecution | null>>,
  findings: Finding[],
  estimator: { measured: RowCounts; production: (table: string) => number | null } | null,
): Promise<boolean> {
  const tracker = await CatalogTracker.read(db.main);
  const existing = new Set([...tracker.snapshot.values()].filter((r) => TABLE_KINDS.has(r.kind)).map((r) => r.oid));
  const env: TraceEnv = {
    main: db.main,
    mainPid: db.mainPid,
    observer: () => db.observer(),
    probes,
    serverMajor: db.serverMajor,
    existing,
    catalog: { tracker, stale: false },
    timedOut: () => db.timedOut,
  };
  const thresholds = {
    maxLockMs: options.maxLockMs ?? RUN_DEFAULTS.maxLockMs,
    maxBlockedMs: options.maxBlockedMs ?? RUN_DEFAULTS.maxBlockedMs,
    maxWorkUnderLockMs: options.maxWorkUnderLockMs ?? RUN_DEFAULTS.maxWorkUnderLockMs,
  };
  for (const file of checked) {
    db.progress(`running ${file.path} (${file.parsed.statements.length} statements)`);
    const trace = await traceFile(env, file, file.isDown ? null : (options.perFileSql?.(file) ?? null));
    executions.set(file.path, trace.executions);
    findings.push(...findingsForFile(file, trace, existing, thresholds, db.server));
    if (estimator) findings.push(...estimateFile(file, trace, estimator.measured, estimator.production, thresholds));
    if (trace.failure) return false;
  }
  return true;
}

function baseFailedFinding(failure: LocatedFailure, server: string): Finding {
  const at = { line: failure.line, column: failure.column, endLine: failure.line, endColumn: failure.column };
  const message = `Base migration failed on ${server} (SQLSTATE ${failure.sqlstate}: ${failure.message}); the database run stopped, and the checked files were not run.`;
  return runFinding('run-base-failed', failure.file, at, message, failure.statementIndex);
}

function summary(db: Database, baseFiles: number, timeToFirstStatementMs: number, failure: LocatedFailure | null): RunSummary {
  return {
    server: db.server,
    database: db.database,
    serverMajor: db.serverMajor,
    baseFiles,
    durationMs: elapsed(db.startedAt),
    timeToFirstStatementMs,
    provisionMs: db.provisionMs,
    status: failure ? 'base-failed' : 'completed',
    error: failure ? `${failure.file}:${failure.line}:${failure.column}: SQLSTATE ${failure.sqlstate}: ${failure.message}` : null,
  };
}
