import { hasPosition, sortByPosition } from './location.js';
import { codeFence, escapeMarkdownText, markdownLink } from './markdown-escape.js';
import type { RenderOptions } from './render-options.js';
import { formatNonZeroCounts, pluralize, SEVERITY_ICON } from './severity.js';
import { toSingleLine } from './control-chars.js';
import { estimateLine } from './estimate-facts.js';
import { formatMs, hasEstimates, hasExecutions, statementFacts } from './execution-facts.js';
import { lockTimeline } from './lock-timeline.js';
import { costChange, hasTimes, isChanged, planLines, querySummary, shapeChange, sortQueries, timeChange, verdictCounts, type Verdict } from './query-facts.js';
import { schemaChangeCounts, schemaChangeLine } from './schema-diff-lines.js';
import {
  countSeverities,
  severityRank,
  type FileReport,
  type Finding,
  type QueryReport,
  type Report,
  type SchemaChange,
  type StatementReport,
} from './types.js';

/** First line of every report comment: how the sticky-comment code finds the comment to update. */
export const MARKDOWN_MARKER = '<!-- migrascope-report -->';

/** GitHub refuses comments over 65,536 characters; the margin leaves room for a caller's footer. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 65_000;

/**
 * How much detail fits. Each level drops more, always in whole blocks, so markup is never cut in half:
 * full → no query plan details → schema changes past {@link SCHEMA_LINES_STEPS}[0] counted → queries past
 * {@link QUERY_ROWS_STEPS}[0] counted → no SQL snippets → fewer schema lines and queries still → info findings as
 * counts (measured tables dropped) → the most severe findings of each file → counts per file only (rows dropped from
 * the end as needed). Query plans and schema changes shrink before any finding is dropped: the findings say what is
 * wrong, those sections show why.
 */
interface Detail {
  /** SQL snippets under the recipes. */
  sql: boolean;
  /** Info findings listed (folded) and measured tables shown; false: infos as a count, no measured tables. */
  infos: boolean;
  /** The folded full before/after plans of changed and regressed queries. */
  planDetails: boolean;
  /** Schema change lines shown before the rest are counted. */
  schemaLines: number;
  /** Query rows shown (regressed first) before the rest are counted. */
  queryRows: number;
  /** Findings kept per file, most severe first. */
  cap: number;
}

const SCHEMA_LINES_STEPS = [50, 10] as const;
const QUERY_ROWS_STEPS = [25, 10] as const;

/** Findings kept per file (errors first) when even without SQL and infos the comment is too long. */
const MOST_SEVERE_CAPS = [25, 10, 3];

const FULL: Detail = { sql: true, infos: true, planDetails: true, schemaLines: Infinity, queryRows: Infinity, cap: Infinity };

const LEVELS: readonly Detail[] = (() => {
  const noDetails = { ...FULL, planDetails: false };
  const fewerSchema = { ...noDetails, schemaLines: SCHEMA_LINES_STEPS[0] };
  const fewerQueries = { ...fewerSchema, queryRows: QUERY_ROWS_STEPS[0] };
  const noSql = { ...fewerQueries, sql: false };
  const least = { ...noSql, schemaLines: SCHEMA_LINES_STEPS[1], queryRows: QUERY_ROWS_STEPS[1] };
  const infosAsCounts = { ...least, infos: false };
  return [FULL, noDetails, fewerSchema, fewerQueries, noSql, least, infosAsCounts, ...MOST_SEVERE_CAPS.map((cap) => ({ ...infosAsCounts, cap }))];
})();

const MAX_SNIPPET_LINES = 25;
const MAX_SNIPPET_CHARS = 2_000;

/**
 * The sticky PR comment: marker, verdict, then per file a table of findings, the safe recipe for each (with the SQL
 * of the statement), info findings folded away, what the run measured (and its estimates at production size); then
 * the application queries' plans before and after, and the schema changes. Everything from the PR (paths, SQL,
 * messages and names quoting identifiers, plans) is escaped: no markup, no HTML, no @mentions, no fence breaking.
 *
 * Output stays within `options.maxLength` (default {@link DEFAULT_MARKDOWN_MAX_LENGTH}) by degrading as described at
 * {@link Detail}; only when even marker + verdict + notice exceed it is that minimum returned anyway.
 */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  let previous: string | null = null;
  for (const detail of LEVELS) {
    // A level that drops nothing this report has renders like the one before: skip the work.
    const key = levelKey(report, detail);
    if (key === previous) continue;
    previous = key;
    const out = joinBlocks(renderDetailed(report, detail));
    if (out.length <= maxLength) return out;
  }
  return renderCountsOnly(report, maxLength);
}

function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

/** What `detail` leaves out of this report, for the notice; empty when it leaves out nothing this report has. */
function leftOut(report: Report, detail: Detail): string {
  const queries = report.queries ?? [];
  const schema = report.schemaDiff ?? [];
  const parts: string[] = [];
  if (!detail.planDetails && queries.some(isChanged)) parts.push('query plan details');
  if (schema.length > detail.schemaLines) parts.push(`schema changes past the first ${detail.schemaLines}`);
  if (queries.length > detail.queryRows) parts.push(`queries past the first ${detail.queryRows}`);
  if (!detail.sql) parts.push('SQL snippets');
  if (!detail.infos) parts.push('info findings');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}

/** Two levels with the same key render this report the same way. */
function levelKey(report: Report, detail: Detail): string {
  return `${leftOut(report, detail)}|${detail.cap}`;
}

export function markdownVerdict(report: Report): string {
  const { summary } = report;
  if (summary.errors) return `### ${SEVERITY_ICON.error} migrascope: ${formatNonZeroCounts(summary)}`;
  if (summary.warnings) return `### ${SEVERITY_ICON.warning} migrascope: ${formatNonZeroCounts(summary)}`;
  const infos = summary.infos ? ` (${pluralize(summary.infos, 'info')})` : '';
  return `### ✅ migrascope: No problems${infos}`;
}

function headBlocks(report: Report, detail: Detail | 'summary'): string[] {
  const head = `${MARKDOWN_MARKER}\n${markdownVerdict(report)}`;
  const missing = detail === 'summary' ? 'only counts per file are shown' : leftOut(report, detail) && `${leftOut(report, detail)} are left out`;
  return missing ? [head, `<sub>Shortened to fit GitHub's comment size limit: ${missing}.</sub>`] : [head];
}

function footer(report: Report): string {
  const version = escapeMarkdownText(report.tool.version);
  const files = pluralize(report.files.length, 'migration file');
  const seed = report.run?.seed ? ` with ${report.run.seed.rows.toLocaleString('en-US')} seeded rows` : '';
  const production = report.run?.productionRowsFrom ? ` · estimates (≈) for production row counts from ${escapeMarkdownText(report.run.productionRowsFrom)}` : '';
  const run = report.run
    ? ` · ran on ${escapeMarkdownText(report.run.server)}${seed} in ${formatMs(report.run.durationMs)}${report.run.error ? ` (${escapeMarkdownText(report.run.error)})` : ''}${production}`
    : ' · static analysis only';
  return `<sub>migrascope ${version} · PostgreSQL ${report.pgVersion} · ${files} checked${run}</sub>`;
}

const MAX_STATEMENT_ROWS = 40;

/**
 * What the run measured per statement, folded away: the findings above already say what matters. With estimates,
 * an "At production size" column beside the measured figures (only then, so a run without estimates reads as before).
 */
function statementTable(file: FileReport, report: Report): string {
  const rows = statementFacts(file);
  const estimates = hasEstimates(file);
  const shown = rows.slice(0, MAX_STATEMENT_ROWS).map((r) => {
    const cells = [String(r.line), escapeMarkdownText(r.statement), escapeMarkdownText(r.lock), r.held, escapeMarkdownText(r.rewrite), r.blocked, `${r.time}${r.error ? ` ❌ ${escapeMarkdownText(r.error)}` : ''}`];
    if (estimates) cells.push(r.estimate ? escapeMarkdownText(estimateLine(r.estimate)) : '—');
    return `| ${cells.join(' | ')} |`;
  });
  const more = rows.length > MAX_STATEMENT_ROWS ? `\n\n…and ${rows.length - MAX_STATEMENT_ROWS} more statements (see the JSON report).` : '';
  const server = report.run ? ` on ${escapeMarkdownText(report.run.server)}` : '';
  const chart = lockTimeline(file);
  const header = estimates
    ? '| Line | Statement | Lock | Held | Rewrite | Blocked | Time | At production size |\n|--:|:--|:--|--:|:--|:--|--:|:--|'
    : '| Line | Statement | Lock | Held | Rewrite | Blocked | Time |\n|--:|:--|:--|--:|:--|:--|--:|';
  return [
    `<details>\n<summary>Measured${server}: ${pluralize(rows.length, 'statement')}</summary>\n`,
    ...(chart ? [chart, ''] : []),
    header,
    ...shown,
  ].join('\n') + `${more}\n\n</details>`;
}

function renderDetailed(report: Report, detail: Detail): string[] {
  const blocks = headBlocks(report, detail);
  if (detail.cap !== Infinity) blocks.push(`<sub>Each file shows its ${detail.cap} most severe findings; the job summary and the JSON report have them all.</sub>`);
  for (const file of report.files) {
    const measured = detail.infos && hasExecutions(file);
    if (!file.findings.length && !measured) continue;
    const meta = `<sub>${escapeMarkdownText(file.format)} · transaction: ${escapeMarkdownText(file.transaction)}</sub>`;
    blocks.push(`#### ${escapeMarkdownText(file.path)}\n${meta}`);
    blocks.push(...findingBlocks(file.findings, { statements: file.statements, where: false }, detail));
    if (measured) blocks.push(statementTable(file, report));
  }
  if (report.notes.length) {
    blocks.push('#### Not tied to a migration file');
    blocks.push(...findingBlocks(report.notes, { statements: [], where: true }, detail));
  }
  if (report.queries?.length) blocks.push(...queryBlocks(report.queries, detail));
  if (report.schemaDiff?.length) blocks.push(schemaDiffBlock(report.schemaDiff, detail));
  blocks.push(footer(report));
  return blocks;
}

const VERDICT_ICON: Record<Verdict, string> = { regressed: '🔴', changed: '🟡', improved: '🟢', same: '⚪' };

/** Changed and regressed queries whose full plans are folded in, before the rest are only counted. */
const MAX_PLAN_DETAILS = 20;

/**
 * A heading, one table row per query (regressed first), then folded away the full before/after plans of the changed
 * and regressed ones. Names, plan nodes and change lines hold identifiers from the PR: escaped, plans in a fence.
 */
function queryBlocks(queries: readonly QueryReport[], detail: Detail): string[] {
  const sorted = sortQueries(queries);
  const times = hasTimes(queries);
  const rows = sorted.slice(0, detail.queryRows).map((q) => {
    const cells = [
      `${VERDICT_ICON[q.verdict]} ${q.verdict}`,
      escapeMarkdownText(q.name),
      escapeMarkdownText(shapeChange(q)),
      costChange(q),
      ...(times ? [timeChange(q)] : []),
      escapeMarkdownText(q.change),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const header = times
    ? '| | Query | Plan before → after | Cost | Time | Change |\n|:--|:--|:--|--:|--:|:--|'
    : '| | Query | Plan before → after | Cost | Change |\n|:--|:--|:--|--:|:--|';
  const blocks = [
    `#### Query plans\n<sub>${pluralize(queries.length, 'query', 'queries')} planned on the seeded data before and after the migrations${times ? ' (EXPLAIN ANALYZE)' : ''}: ${verdictCounts(queries)}.</sub>`,
    [header, ...rows].join('\n'),
  ];
  const rest = sorted.slice(detail.queryRows);
  if (rest.length) blocks.push(`…and ${pluralize(rest.length, 'more query', 'more queries')} (${verdictCounts(rest)}), not listed.`);
  const changed = sorted.filter(isChanged);
  if (detail.planDetails && changed.length) blocks.push(planDetails(changed));
  return blocks;
}

function planDetails(changed: readonly QueryReport[]): string {
  const parts = changed.slice(0, MAX_PLAN_DETAILS).flatMap((q) => [
    `${VERDICT_ICON[q.verdict]} **${escapeMarkdownText(q.name)}** · ${escapeMarkdownText(`${q.file}:${q.line}`)}`,
    codeFence([...planLines('before', q.before), ...planLines('after', q.after)].map(toSingleLine).join('\n'), 'text'),
  ]);
  if (changed.length > MAX_PLAN_DETAILS) parts.push(`…and ${pluralize(changed.length - MAX_PLAN_DETAILS, 'more changed query', 'more changed queries')} (see the JSON report).`);
  return [`<details>\n<summary>Plans of ${pluralize(changed.length, 'changed query', 'changed queries')}, before and after</summary>`, ...parts, '</details>'].join('\n\n');
}

/** Folded away, as a diff GitHub colours: `+` added, `-` dropped, `~` changed (`before → after`). */
function schemaDiffBlock(changes: readonly SchemaChange[], detail: Detail): string {
  const lines = changes.slice(0, detail.schemaLines).map((c) => toSingleLine(schemaChangeLine(c)));
  const parts = [`<details>\n<summary>Schema changes: ${schemaChangeCounts(changes)}</summary>`, codeFence(lines.join('\n'), 'diff')];
  if (changes.length > lines.length) parts.push(`…and ${changes.length - lines.length} more (see the JSON report).`);
  return [...parts, '</details>'].join('\n\n');
}

interface SectionContext {
  statements: readonly StatementReport[];
  /** Notes can be about any file (or none): show where instead of just the line. */
  where: boolean;
}

function findingBlocks(findings: readonly Finding[], context: SectionContext, detail: Detail): string[] {
  const { cap } = detail;
  const sorted = sortByPosition(findings);
  const all = sorted.filter((f) => f.severity !== 'info');
  const main = all.length > cap ? sortByPosition([...all].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).slice(0, cap)) : all;
  const infos = sorted.filter((f) => f.severity === 'info');
  const sqlShown = new Set<number>();
  const blocks: string[] = [];
  if (main.length) blocks.push(findingTable(main, context), ...recipeBlocks(main, context, detail, sqlShown));
  if (all.length > main.length) blocks.push(`…and ${pluralize(all.length - main.length, 'more finding')} in this file (not listed).`);
  if (infos.length) {
    const count = `${SEVERITY_ICON.info} ${pluralize(infos.length, 'info')}`;
    if (!detail.infos) {
      blocks.push(`${count} (not listed).`);
    } else {
      blocks.push(
        `<details>\n<summary>${count}</summary>`,
        findingTable(infos, context),
        ...recipeBlocks(infos, context, detail, sqlShown),
        '</details>',
      );
    }
  }
  return blocks;
}

function findingTable(findings: readonly Finding[], context: SectionContext): string {
  const rows = findings.map((f) => {
    const place = context.where ? where(f) : hasPosition(f) ? String(f.line) : '—';
    return `| ${SEVERITY_ICON[f.severity]} | ${place} | ${markdownLink(f.ruleId, f.docsUrl)} | ${escapeMarkdownText(f.message)} |`;
  });
  const header = context.where ? '| | Where | Rule | Finding |\n|:-:|:--|:--|:--|' : '| | Line | Rule | Finding |\n|:-:|--:|:--|:--|';
  return [header, ...rows].join('\n');
}

function where(f: Finding): string {
  if (!f.file) return '—';
  return escapeMarkdownText(hasPosition(f) ? `${f.file}:${f.line}` : f.file);
}

/** Per finding: its safe recipe, and (at full detail) the statement's SQL, each statement shown once. */
function recipeBlocks(findings: readonly Finding[], context: SectionContext, detail: Detail, sqlShown: Set<number>): string[] {
  const blocks: string[] = [];
  for (const f of findings) {
    const statement = detail.sql ? statementOf(f, context.statements) : undefined;
    const sql = statement && !sqlShown.has(statement.index) ? statement.sql : null;
    if (!f.fix && !sql) continue;
    const place = context.where ? (f.file ? `${where(f)} · ` : '') : hasPosition(f) ? `Line ${f.line} · ` : '';
    const label = `${SEVERITY_ICON[f.severity]} **${place}${escapeMarkdownText(f.ruleId)}**`;
    blocks.push(f.fix ? `${label}: ${escapeMarkdownText(f.fix)}` : label);
    if (statement && sql !== null) {
      sqlShown.add(statement.index);
      blocks.push(codeFence(snippet(sql), 'sql'));
    }
  }
  return blocks;
}

function statementOf(f: Finding, statements: readonly StatementReport[]): StatementReport | undefined {
  return f.statementIndex === null ? undefined : statements.find((s) => s.index === f.statementIndex);
}

/** A statement's SQL, cut to a readable size (a 5,000-line data migration helps no one in a comment). */
function snippet(sql: string): string {
  const lines = sql.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd().split('\n');
  const omittedLines = Math.max(0, lines.length - MAX_SNIPPET_LINES);
  let text = lines.slice(0, MAX_SNIPPET_LINES).join('\n');
  let cut = false;
  if (text.length > MAX_SNIPPET_CHARS) {
    text = text.slice(0, MAX_SNIPPET_CHARS);
    if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1); // do not split a surrogate pair
    cut = true;
  }
  if (omittedLines) return `${text}\n-- … ${pluralize(omittedLines, 'more line')}`;
  return cut ? `${text}\n-- … (cut)` : text;
}

/** Last resort: one row of counts per file with findings, rows dropped from the end until the comment fits. */
function renderCountsOnly(report: Report, maxLength: number): string {
  const head = headBlocks(report, 'summary');
  const foot = footer(report);
  const rows = report.files
    .filter((f) => f.findings.length)
    .map((f) => countsRow(escapeMarkdownText(f.path), f.findings));
  if (report.notes.length) rows.push(countsRow('Not tied to a migration file', report.notes));
  const tableHeader = `| File | ${SEVERITY_ICON.error} Errors | ${SEVERITY_ICON.warning} Warnings | ${SEVERITY_ICON.info} Infos |\n|:--|--:|--:|--:|`;

  const extra = countsOnlyExtras(report);
  const reserved = joinBlocks([...head, tableHeader, `…and ${pluralize(rows.length, 'more row')} not shown.`, ...extra, foot]).length;
  let budget = maxLength - reserved;
  const kept: string[] = [];
  for (const row of rows) {
    if (row.length + 1 > budget) break;
    kept.push(row);
    budget -= row.length + 1;
  }
  const rest = rows.length - kept.length;
  const more = rest ? [`…and ${pluralize(rest, 'more row')} not shown.`] : [];
  const table = kept.length ? [[tableHeader, ...kept].join('\n')] : [];
  const out = joinBlocks([...head, ...table, ...more, ...extra, foot]);
  if (out.length <= maxLength) return out;
  return joinBlocks(head);
}

/** Query plans and schema changes as one line of counts each. */
function countsOnlyExtras(report: Report): string[] {
  const lines: string[] = [];
  if (report.queries?.length) lines.push(`Query plans: ${querySummary(report.queries)}.`);
  if (report.schemaDiff?.length) lines.push(`Schema changes: ${schemaChangeCounts(report.schemaDiff)}.`);
  return lines.length ? [lines.join('<br>\n')] : [];
}

function countsRow(label: string, findings: readonly Finding[]): string {
  const c = countSeverities(findings);
  return `| ${label} | ${c.errors} | ${c.warnings} | ${c.infos} |`;
}
