import { toSingleLine } from './control-chars.js';
import { formatLocation, sortByPosition } from './location.js';
import type { RenderOptions } from './render-options.js';
import { estimateLine } from './estimate-facts.js';
import { formatMs, statementFacts } from './execution-facts.js';
import { planLines, querySummary, sortQueries, type Verdict } from './query-facts.js';
import { schemaChangeCounts, schemaChangeLine } from './schema-diff-lines.js';
import { formatCounts, pluralize, totalCount } from './severity.js';
import { excerpt } from './source-excerpt.js';
import type { FileReport, Finding, QueryReport, Report, SchemaChange, Severity } from './types.js';
import { neutraliseWorkflowCommands } from './workflow-command.js';

/**
 * For terminals and job logs:
 *
 *     db/migrations/0003_x.sql  (goose, transaction: per-file)
 *     db/migrations/0003_x.sql:3:1  error    rule-id  message
 *       3 | CREATE INDEX …
 *         | ^~~~~~~~~~~~~~
 *       fix: …
 *       docs: https://…
 *
 *     3 errors, 1 warning, 0 infos in 2 files
 *
 * With a database run, each file also gets its measured statements (an estimate at production size under each one
 * that has one), and the report its query plans (regressed first) and schema changes before the run line.
 *
 * Every author-controlled field is put on one line with its control characters made visible (no terminal escapes,
 * no bidi tricks) and no output line can be read as a workflow command, since this text is printed in job logs.
 */
export function renderText(report: Report, options: RenderOptions = {}): string {
  const style = makeStyle(options.color ?? false);
  const sections: string[] = [];
  for (const file of report.files) {
    const section = renderFileSection(file, options, style);
    if (section) sections.push(section);
  }
  if (report.notes.length) {
    sections.push(joinSection(style.heading('Notes'), sortByPosition(report.notes).map((f) => renderFinding(f, options, style))));
  }
  if (report.queries?.length) sections.push(renderQueries(report.queries, style));
  if (report.schemaDiff?.length) sections.push(renderSchemaDiff(report.schemaDiff, style));
  if (report.run) sections.push(renderRunLine(report, style));
  sections.push(renderSummaryLine(report, style));
  return `${neutraliseWorkflowCommands(sections.join('\n\n'))}\n`;
}

/** A header line, then blocks separated by blank lines so each finding with its source excerpt stands apart. */
function joinSection(header: string, blocks: readonly string[][]): string {
  return [header, blocks.map((lines) => lines.join('\n')).join('\n\n')].join('\n');
}

/** Findings, and (from the run milestone on) per-statement facts; a file with neither is left out. */
function renderFileSection(file: FileReport, options: RenderOptions, style: Style): string | null {
  const blocks = [
    ...sortByPosition(file.findings).map((f) => renderFinding(f, options, style)),
    ...renderStatementFacts(file, style),
  ];
  if (!blocks.length) return null;
  const header = `${style.heading(toSingleLine(file.path))}  ${style.dim(`(${file.format}, transaction: ${file.transaction})`)}`;
  return joinSection(header, blocks);
}

function renderRunLine(report: Report, style: Style): string {
  const run = report.run!;
  const what = `Ran on ${toSingleLine(run.server)} (${run.baseFiles} base files) in ${formatMs(run.durationMs)}`;
  const seed = run.seed
    ? `\nSeeded ${run.seed.rows.toLocaleString('en-US')} rows into ${run.seed.tables} tables in ${formatMs(run.seed.durationMs)} before the checked files ran.${run.seed.notes.map((n) => `\n  ${toSingleLine(n.table)}: ${toSingleLine(n.message)}`).join('')}`
    : '';
  const production = run.productionRowsFrom ? `\nEstimates (≈) are for production row counts from ${toSingleLine(run.productionRowsFrom)}.` : '';
  return style.dim(run.error ? `${what}: ${toSingleLine(run.error)}${seed}${production}` : `${what}.${seed}${production}`);
}

/** What the database run measured, one aligned row per statement that ran. */
function renderStatementFacts(file: FileReport, style: Style): string[][] {
  const rows = statementFacts(file);
  if (!rows.length) return [];
  const table = [['line', 'statement', 'lock', 'held', 'rewrite', 'blocked', 'time'], ...rows.map((r) => [String(r.line), toSingleLine(r.statement), toSingleLine(r.lock), r.held, toSingleLine(r.rewrite), r.blocked, r.time])];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => `  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`);
  // The estimate goes right under the statement's measured row, indented past the line number.
  const indent = ' '.repeat(2 + widths[0]! + 2);
  const body = rows.flatMap((r, i) => [lines[i + 1]!, ...(r.estimate ? [`${indent}${toSingleLine(estimateLine(r.estimate))}`] : [])]);
  const errors = rows.filter((r) => r.error).map((r) => `  line ${r.line} failed: ${toSingleLine(r.error!)}`);
  return [[style.dim('measured:'), style.dim(lines[0]!), ...body, ...errors]];
}

const VERDICT_MARK: Record<Verdict, string> = { regressed: '✗', changed: '~', improved: '✓', same: '=' };

/** Widest name a query line pads to, so one long name does not push every other line's change out of sight. */
const MAX_NAME_WIDTH = 40;

/**
 * One line per query (regressed first): `✗ regressed  name  change  (queries.sql:12)`; under a regressed one its
 * plans before and after, node by node.
 */
function renderQueries(queries: readonly QueryReport[], style: Style): string {
  const sorted = sortQueries(queries);
  const names = sorted.map((q) => toSingleLine(q.name));
  const width = Math.min(MAX_NAME_WIDTH, Math.max(...names.map((n) => n.length)));
  const verdictWidth = Math.max(...sorted.map((q) => q.verdict.length));
  const lines = sorted.flatMap((q, i) => {
    const head = `  ${VERDICT_MARK[q.verdict]} ${q.verdict.padEnd(verdictWidth)}  ${names[i]!.padEnd(width)}  ${toSingleLine(q.change)}  ${style.dim(`(${toSingleLine(q.file)}:${q.line})`)}`;
    if (q.verdict !== 'regressed') return [head];
    return [head, ...[...planLines('before', q.before), ...planLines('after', q.after)].map((l) => `      ${toSingleLine(l)}`)];
  });
  return [`${style.heading('Query plans')}  ${style.dim(`(${querySummary(queries)})`)}`, ...lines].join('\n');
}

/** Schema changes shown before the rest is counted: enough to review, short enough for a job log. */
const MAX_SCHEMA_LINES = 40;

function renderSchemaDiff(changes: readonly SchemaChange[], style: Style): string {
  const lines = changes.slice(0, MAX_SCHEMA_LINES).map((c) => `  ${toSingleLine(schemaChangeLine(c))}`);
  if (changes.length > MAX_SCHEMA_LINES) lines.push(`  … and ${changes.length - MAX_SCHEMA_LINES} more (see the JSON report)`);
  return [`${style.heading('Schema changes')}  ${style.dim(`(${schemaChangeCounts(changes)})`)}`, ...lines].join('\n');
}

const SEVERITY_WIDTH = 'warning'.length;

function renderFinding(finding: Finding, options: RenderOptions, style: Style): string[] {
  const lines = [
    [
      style.location(toSingleLine(formatLocation(finding))),
      style.severity(finding.severity, finding.severity.padEnd(SEVERITY_WIDTH)),
      style.dim(toSingleLine(finding.ruleId)),
      toSingleLine(finding.message),
    ].join('  '),
  ];
  const source = finding.file ? options.sources?.get(finding.file) : undefined;
  const shown = source === undefined ? null : excerpt(source, finding);
  if (shown) {
    const gutter = String(shown.lineNumber);
    lines.push(`  ${style.dim(`${gutter} |`)} ${shown.text}`);
    lines.push(`  ${style.dim(`${' '.repeat(gutter.length)} |`)} ${style.severity(finding.severity, shown.marker)}`);
  }
  if (finding.fix) {
    // A fix may take two lines; keep the second under the first.
    const [first, ...rest] = finding.fix.split(/\r\n|\r|\n/).map(toSingleLine);
    lines.push(`  ${style.bold('fix:')} ${first}`, ...rest.map((l) => `       ${l}`));
  }
  if (finding.docsUrl) lines.push(`  ${style.dim(`docs: ${toSingleLine(finding.docsUrl)}`)}`);
  return lines;
}

function renderSummaryLine(report: Report, style: Style): string {
  const files = pluralize(report.files.length, 'file');
  const { summary } = report;
  if (totalCount(summary) === 0) return style.ok(`No problems found in ${files}`);
  const worst: Severity = summary.errors ? 'error' : summary.warnings ? 'warning' : 'info';
  return style.severity(worst, `${formatCounts(summary)} in ${files}`);
}

interface Style {
  heading(s: string): string;
  location(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  ok(s: string): string;
  severity(severity: Severity, s: string): string;
}

const SEVERITY_COLOUR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };

function makeStyle(color: boolean): Style {
  const sgr = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    heading: sgr('1;4'),
    location: sgr('1'),
    bold: sgr('1'),
    dim: sgr('2'),
    ok: sgr('32'),
    severity: (severity, s) => sgr(String(SEVERITY_COLOUR[severity]))(s),
  };
}
