/**
 * The whole flow, nothing else: discover → parse → catalog from base migrations → lint → Report.
 * All I/O comes in through `deps`, so tests call it directly.
 */
import { configureRules } from './analyze/configure-rules.js';
import { builtinFinding } from './analyze/builtin-findings.js';
import { lintFile } from './analyze/lint-file.js';
import { applyStatement } from './catalog/apply.js';
import { emptyCatalog, forkCatalog, type Catalog } from './catalog/types.js';
import type { Options } from './config.js';
import { discoverMigrations } from './discover/index.js';
import type { DiscoverFs, MigrationFile } from './discover/types.js';
import { loadParser, parseSql } from './parse/parse-sql.js';
import { countSeverities, type FileReport, type Finding, type Report } from './report/types.js';
import { ALL_RULES } from './rules/index.js';
import { VERSION } from './version.js';

export interface PipelineDeps {
  fs: DiscoverFs;
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
  for (const file of base) if (!file.isDown) replayBaseFile(catalog, file, notes);

  const files: FileReport[] = [];
  const sources = new Map<string, string>();
  for (const file of checked) {
    sources.set(file.path, file.source);
    files.push(file.isDown && !options.includeDown ? skippedDownFile(file) : checkFile(file, catalog, options.pgVersion, rules));
  }
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'migrascope', version: VERSION },
    pgVersion: options.pgVersion,
    files,
    notes,
    summary: countSeverities([...notes, ...files.flatMap((f) => f.findings)]),
    run: null,
  };
  return { report, sources };
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

function replayBaseFile(catalog: Catalog, file: MigrationFile, notes: Finding[]): void {
  const parsed = parseSql(file.upSql, { substituteTemplates: usesTemplates(file) });
  for (const stmt of parsed.statements) applyStatement(catalog, stmt, false);
  if (parsed.syntaxErrors.length) {
    const e = parsed.syntaxErrors[0];
    notes.push(builtinFinding('syntax-error', file.path, e, `Base migration does not parse (${e.message}); the schema model skips that statement, so checks that depend on it may be less precise.`, null, 'warning'));
  }
}

function checkFile(file: MigrationFile, catalog: Catalog, pgVersion: number, rules: ReturnType<typeof configureRules>): FileReport {
  // A down file is linted against a copy, so it never changes the schema the forward files are checked against.
  const target = file.isDown ? forkCatalog(catalog) : catalog;
  let result;
  try {
    result = lintFile({
      path: file.path,
      format: file.format,
      transaction: file.transaction,
      parsed: parseSql(file.upSql, { substituteTemplates: usesTemplates(file) }),
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
