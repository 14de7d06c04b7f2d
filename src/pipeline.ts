/**
 * The whole flow, nothing else: discover → parse → catalog from base migrations → lint → run on Postgres →
 * Report. All I/O comes in through `deps`, so tests call it directly.
 */
import { configureRules, settleFinding } from './analyze/configure-rules.js';
import { builtinFinding } from './analyze/builtin-findings.js';
import { lintFile } from './analyze/lint-file.js';
import { applyStatement } from './catalog/apply.js';
import { emptyCatalog, forkCatalog, type Catalog } from './catalog/types.js';
import { ConfigError, type Options } from './config.js';
import { discoverMigrations } from './discover/index.js';
import type { DiscoverFs, MigrationFile } from './discover/types.js';
import { loadParser, parseSql, spanOf, type ParsedSql } from './parse/parse-sql.js';
import { mergeRun } from './analyze/merge-run.js';
import type { RunFile, RunOptions, RunResult } from './run/types.js';
import { countSeverities, type FileReport, type Finding, type Report, type RunReport } from './report/types.js';
import { ALL_RULES } from './rules/index.js';
import { VERSION } from './version.js';
import { DEFAULT_ESTIMATE_SEED_ROWS } from './config.js';
import { readQueries } from './queries/read-queries.js';
import type { QuerySpec } from './queries/types.js';
import { parseStatsFile } from './stats/read-stats.js';
import type { StatsFile } from './stats/types.js';
import type { QueryReport, SchemaChange } from './report/types.js';

export interface PipelineDeps {
  fs: DiscoverFs;
  /** The database run (src/run's runMigrations); without it, or with `options.run` false, static only. */
  runMigrations?: (base: RunFile[], checked: RunFile[], options: RunOptions) => Promise<RunResult>;
  /** Progress lines for people watching (stderr in the CLI, the log in the action). */
  onProgress?: (message: string) => void;
  /** Seeding's progress in tables and rows, for a progress bar; without it seeding reports through onProgress. */
  onSeedProgress?: RunOptions['onSeedProgress'];
}

export interface PipelineResult {
  report: Report;
  /** Checked files' text by report path, for renderers that show source lines. */
  sources: Map<string, string>;
}

export async function runPipeline(options: Options, deps: PipelineDeps): Promise<PipelineResult> {
  await loadParser();
  const rules = configureRules(ALL_RULES, options.rules);
  const discoverOptions = { format: options.format ?? undefined, includeDown: options.includeDown };
  const checked = await discoverMigrations(options.paths, discoverOptions, deps.fs);
  const checkedPaths = new Set(checked.map((f) => f.path));
  const base = options.base.length ? (await discoverMigrations(options.base, { format: options.format ?? undefined }, deps.fs)).filter((f) => !checkedPaths.has(f.path)) : [];

  const notes: Finding[] = [];
  const catalog = emptyCatalog();
  const beforeState: RunFile[] = [];
  if (options.schema) beforeState.push(await readSchemaDump(options.schema, deps.fs, catalog, notes));
  for (const file of base) if (!file.isDown) beforeState.push(replayBaseFile(catalog, file, notes));

  let files: FileReport[] = [];
  const toRun: RunFile[] = [];
  const sources = new Map<string, string>();
  for (const file of checked) {
    sources.set(file.path, file.source);
    if (file.isDown && !options.includeDown) {
      files.push(skippedDownFile(file));
      continue;
    }
    const parsed = parseSql(file.upSql, { substituteTemplates: usesTemplates(file) });
    files.push(checkFile(file, parsed, catalog, options.pgVersion, rules));
    toRun.push({ path: file.path, transaction: file.transaction, format: file.format, parsed, isDown: file.isDown });
  }

  let run: RunReport | null = null;
  let queries: QueryReport[] = [];
  let schemaDiff: SchemaChange[] | null = null;
  // Placeholders stand for values only the migration tool knows: such files cannot be run as written.
  const templated = [...beforeState, ...toRun].find((f) => f.parsed.placeholders.length > 0);
  if (options.run && deps.runMigrations && templated) {
    const [first] = templated.parsed.placeholders;
    const at = spanOf(templated.parsed.lines, first.startByte, first.endByte);
    const message = 'Not run on PostgreSQL: this migration holds template placeholders whose values only the migration tool knows; the report is static only.';
    notes.push(builtinFinding('template-placeholder', templated.path, at, message, null));
  } else if (options.run && deps.runMigrations && toRun.some((f) => !f.isDown)) {
    const measured = await runChecked(beforeState, toRun, options, deps);
    run = measured.run;
    queries = measured.queries;
    schemaDiff = measured.schemaDiff;
    const merged = mergeRun(files, measured);
    files = merged.files;
    notes.push(...merged.notes);
  }

  // Built-in and measured findings follow the config too (rules were configured before they ran).
  const settle = (list: Finding[]) => list.flatMap((f) => settleFinding(f, options.rules) ?? []);
  files = files.map((f) => ({ ...f, findings: settle(f.findings) }));
  const keptNotes = settle(notes);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'migrascope', version: VERSION },
    pgVersion: options.pgVersion,
    files,
    notes: keptNotes,
    summary: countSeverities([...keptNotes, ...files.flatMap((f) => f.findings)]),
    run,
    queries,
    schemaDiff,
  };
  return { report, sources };
}

/** The database run; if it cannot happen at all, the static report still comes out, with the reason. */
async function runChecked(beforeState: RunFile[], checked: RunFile[], options: Options, deps: PipelineDeps) {
  const beforeSql = await Promise.all(options.beforeSql.map((path) => deps.fs.readFile(path)));
  // Bad input files stop here with file:line, before any server starts.
  const stats = options.stats ? parseStatsFile(await readInput(deps.fs, options.stats, 'stats file'), options.stats) : undefined;
  const querySpecs: QuerySpec[] = [];
  for (const path of options.queries) querySpecs.push(...readQueries(await readInput(deps.fs, path, 'queries file'), path));
  const started = Date.now();
  try {
    const result = await deps.runMigrations!(beforeState, checked, {
      databaseUrl: options.databaseUrl ?? undefined,
      allowRemote: options.allowRemote,
      pgVersion: options.pgVersion,
      timeoutMs: options.timeoutMs,
      beforeSql,
      seedRows: seedRowsFor(options, stats),
      seedPerTable: options.seedPerTable,
      stats,
      productionRows: options.productionRows,
      queries: querySpecs,
      analyzeQueries: options.analyzeQueries,
      ...options.thresholds,
      onProgress: deps.onProgress,
      onSeedProgress: deps.onSeedProgress,
    });
    const run: RunReport = {
      server: result.run.server,
      database: result.run.database,
      baseFiles: result.run.baseFiles,
      durationMs: result.run.durationMs,
      timeToFirstStatementMs: result.run.timeToFirstStatementMs,
      status: result.baseFailure ? 'base-failed' : 'completed',
      seed: result.run.seed ?? null,
      productionRowsFrom: result.run.productionRowsFrom ?? null,
      error: result.baseFailure ? `base migration ${result.baseFailure.file}:${result.baseFailure.line} failed (${result.baseFailure.sqlstate}): checked files were linted only` : result.run.error,
    };
    return { run, executions: result.executions, findings: result.findings, queries: result.queries, schemaDiff: result.schemaDiff };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const run: RunReport = {
      server: 'none',
      database: options.databaseUrl ? 'url' : 'embedded',
      baseFiles: beforeState.length,
      durationMs: Date.now() - started,
      timeToFirstStatementMs: 0,
      status: 'failed',
      seed: null,
      error: message.split('\n')[0],
    };
    const note = builtinFinding('internal-error', '', { line: 1, column: 1, endLine: 1, endColumn: 1 }, `The database run could not complete, so this report is static only: ${message.split('\n')[0]}`, null);
    return { run, executions: new Map(), findings: [note], queries: [] as QueryReport[], schemaDiff: null };
  }
}

/** Production sizes call for rows to measure on: seed unless seed-rows says otherwise (0 turns it off). */
function seedRowsFor(options: Options, stats: StatsFile | undefined): number {
  if (options.seedRows !== null) return options.seedRows;
  const sized = stats !== undefined || options.productionRows.default !== null || Object.keys(options.productionRows.perTable).length > 0;
  return sized ? DEFAULT_ESTIMATE_SEED_ROWS : 0;
}

async function readInput(fs: DiscoverFs, path: string, what: string): Promise<string> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    throw new ConfigError(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * A schema dump as the before-state: psql meta-commands (`\connect`, `\restrict`) are blanked, keeping every
 * position, and the dump's session settings are reset afterwards so checked files run as they would.
 */
async function readSchemaDump(path: string, fs: DiscoverFs, catalog: Catalog, notes: Finding[]): Promise<RunFile> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (error) {
    throw new ConfigError(`Cannot read schema file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const sql = `${text.replace(/^\\.*$/gm, (line) => ' '.repeat(line.length))}\n;RESET ALL;\n`;
  const parsed = parseSql(sql);
  for (const stmt of parsed.statements) applyStatement(catalog, stmt, false);
  noteBaseSyntaxErrors(path, parsed, notes);
  return { path, transaction: 'none', format: 'plain', parsed };
}

/** A down file named explicitly (e.g. changed in a PR) is not checked as if it ran forward; say so. */
function skippedDownFile(file: MigrationFile): FileReport {
  const message = 'Down migration: not checked (it never runs forward). Pass --include-down to lint it as a file of its own.';
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: [],
    findings: [builtinFinding('migration-format', file.path, { line: 1, column: 1, endLine: 1, endColumn: 1 }, message, null)],
  };
}

function usesTemplates(file: MigrationFile): boolean {
  return file.format === 'flyway' || file.notes.some((n) => n.kind === 'template');
}

function replayBaseFile(catalog: Catalog, file: MigrationFile, notes: Finding[]): RunFile {
  const parsed = parseSql(file.upSql, { substituteTemplates: usesTemplates(file) });
  for (const stmt of parsed.statements) applyStatement(catalog, stmt, false);
  noteBaseSyntaxErrors(file.path, parsed, notes);
  return { path: file.path, transaction: file.transaction, format: file.format, parsed };
}

function noteBaseSyntaxErrors(path: string, parsed: ParsedSql, notes: Finding[]): void {
  if (!parsed.syntaxErrors.length) return;
  const e = parsed.syntaxErrors[0];
  notes.push(builtinFinding('syntax-error', path, e, `Base migration does not parse (${e.message}); the schema model skips that statement, so checks that depend on it may be less precise.`, null, 'warning'));
}

function checkFile(file: MigrationFile, parsed: ParsedSql, catalog: Catalog, pgVersion: number, rules: ReturnType<typeof configureRules>): FileReport {
  // A down file is linted against a copy, so it never changes the schema the forward files are checked against.
  const target = file.isDown ? forkCatalog(catalog) : catalog;
  let result;
  try {
    result = lintFile({
      path: file.path,
      format: file.format,
      transaction: file.transaction,
      parsed,
      catalog: target,
      pgVersion,
      rules,
    });
  } catch (error) {
    const message = `Could not check this file: ${error instanceof Error ? error.message : String(error)}`;
    result = { statements: [], findings: [builtinFinding('internal-error', file.path, { line: 1, column: 1, endLine: 1, endColumn: 1 }, message, null)] };
  }
  const noteFindings = file.notes
    .filter((n) => n.kind !== 'template')
    .map((n) => builtinFinding('migration-format', file.path, { line: n.line, column: 1, endLine: n.line, endColumn: 1 }, n.message, null));
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: result.statements,
    findings: [...noteFindings, ...result.findings],
  };
}
