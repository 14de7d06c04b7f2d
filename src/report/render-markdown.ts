import { hasPosition, sortByPosition } from './location.js';
import { codeFence, escapeMarkdownText, markdownLink } from './markdown-escape.js';
import type { RenderOptions } from './render-options.js';
import { formatNonZeroCounts, pluralize, SEVERITY_ICON } from './severity.js';
import { formatMs, hasExecutions, statementFacts } from './execution-facts.js';
import { lockTimeline } from './lock-timeline.js';
import { countSeverities, severityRank, type FileReport, type Finding, type Report, type StatementReport } from './types.js';

/** First line of every report comment: how the sticky-comment code finds the comment to update. */
export const MARKDOWN_MARKER = '<!-- migrascope-report -->';

/** GitHub refuses comments over 65,536 characters; the margin leaves room for a caller's footer. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 65_000;

/**
 * How much detail fits. Each step drops more, always in whole blocks, so markup is never cut in half:
 * full → no SQL snippets → info findings as counts → counts per file only (rows dropped from the end as needed).
 */
type Detail = 'full' | 'no-sql' | 'infos-as-counts' | 'summary';
const DETAILED_LEVELS = ['full', 'no-sql', 'infos-as-counts'] as const;

const LEFT_OUT: Record<Exclude<Detail, 'full'>, string> = {
  'no-sql': 'SQL snippets are left out',
  'infos-as-counts': 'SQL snippets and info findings are left out',
  summary: 'only counts per file are shown',
};

const MAX_SNIPPET_LINES = 25;
const MAX_SNIPPET_CHARS = 2_000;

/**
 * The sticky PR comment: marker, verdict, then per file a table of findings, the safe recipe for each (with the SQL
 * of the statement), info findings folded away. Everything from the PR (paths, SQL, messages quoting identifiers) is
 * escaped: no markup, no HTML, no @mentions, no fence breaking.
 *
 * Output stays within `options.maxLength` (default {@link DEFAULT_MARKDOWN_MAX_LENGTH}) by degrading as described at
 * {@link Detail}; only when even marker + verdict + notice exceed it is that minimum returned anyway.
 */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  for (const detail of DETAILED_LEVELS) {
    const out = joinBlocks(renderDetailed(report, detail));
    if (out.length <= maxLength) return out;
  }
  // Before falling back to counts only, keep the most severe findings of each file.
  for (const cap of MOST_SEVERE_CAPS) {
    const out = joinBlocks(renderDetailed(report, 'infos-as-counts', cap));
    if (out.length <= maxLength) return out;
  }
  return renderCountsOnly(report, maxLength);
}

/** Findings kept per file (errors first) when even without SQL and infos the comment is too long. */
const MOST_SEVERE_CAPS = [25, 10, 3];

function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

export function markdownVerdict(report: Report): string {
  const { summary } = report;
  if (summary.errors) return `### ${SEVERITY_ICON.error} migrascope: ${formatNonZeroCounts(summary)}`;
  if (summary.warnings) return `### ${SEVERITY_ICON.warning} migrascope: ${formatNonZeroCounts(summary)}`;
  const infos = summary.infos ? ` (${pluralize(summary.infos, 'info')})` : '';
  return `### ✅ migrascope: No problems${infos}`;
}

function headBlocks(report: Report, detail: Detail): string[] {
  const head = `${MARKDOWN_MARKER}\n${markdownVerdict(report)}`;
  return detail === 'full' ? [head] : [head, `<sub>Shortened to fit GitHub's comment size limit: ${LEFT_OUT[detail]}.</sub>`];
}

function footer(report: Report): string {
  const version = escapeMarkdownText(report.tool.version);
  const files = pluralize(report.files.length, 'migration file');
  const seed = report.run?.seed ? ` with ${report.run.seed.rows.toLocaleString('en-US')} seeded rows` : '';
  const run = report.run
    ? ` · ran on ${escapeMarkdownText(report.run.server)}${seed} in ${formatMs(report.run.durationMs)}${report.run.error ? ` (${escapeMarkdownText(report.run.error)})` : ''}`
    : ' · static analysis only';
  return `<sub>migrascope ${version} · PostgreSQL ${report.pgVersion} · ${files} checked${run}</sub>`;
}

const MAX_STATEMENT_ROWS = 40;

/** What the run measured per statement, folded away: the findings above already say what matters. */
function statementTable(file: FileReport, report: Report): string {
  const rows = statementFacts(file);
  const shown = rows.slice(0, MAX_STATEMENT_ROWS).map(
    (r) =>
      `| ${r.line} | ${escapeMarkdownText(r.statement)} | ${escapeMarkdownText(r.lock)} | ${r.held} | ${escapeMarkdownText(r.rewrite)} | ${r.blocked} | ${r.time}${r.error ? ` ❌ ${escapeMarkdownText(r.error)}` : ''} |`,
  );
  const more = rows.length > MAX_STATEMENT_ROWS ? `\n\n…and ${rows.length - MAX_STATEMENT_ROWS} more statements (see the JSON report).` : '';
  const server = report.run ? ` on ${escapeMarkdownText(report.run.server)}` : '';
  const chart = lockTimeline(file);
  return [
    `<details>\n<summary>Measured${server}: ${pluralize(rows.length, 'statement')}</summary>\n`,
    ...(chart ? [chart, ''] : []),
    '| Line | Statement | Lock | Held | Rewrite | Blocked | Time |\n|--:|:--|:--|--:|:--|:--|--:|',
    ...shown,
  ].join('\n') + `${more}\n\n</details>`;
}

function renderDetailed(report: Report, detail: Detail, cap?: number): string[] {
  const blocks = headBlocks(report, detail);
  if (cap !== undefined) blocks.push(`<sub>Each file shows its ${cap} most severe findings; the job summary and the JSON report have them all.</sub>`);
  for (const file of report.files) {
    const measured = detail !== 'infos-as-counts' && hasExecutions(file);
    if (!file.findings.length && !measured) continue;
    const meta = `<sub>${escapeMarkdownText(file.format)} · transaction: ${escapeMarkdownText(file.transaction)}</sub>`;
    blocks.push(`#### ${escapeMarkdownText(file.path)}\n${meta}`);
    blocks.push(...findingBlocks(file.findings, { statements: file.statements, where: false }, detail, cap));
    if (measured) blocks.push(statementTable(file, report));
  }
  if (report.notes.length) {
    blocks.push('#### Not tied to a migration file');
    blocks.push(...findingBlocks(report.notes, { statements: [], where: true }, detail, cap));
  }
  blocks.push(footer(report));
  return blocks;
}

interface SectionContext {
  statements: readonly StatementReport[];
  /** Notes can be about any file (or none): show where instead of just the line. */
  where: boolean;
}

function findingBlocks(findings: readonly Finding[], context: SectionContext, detail: Detail, cap = Infinity): string[] {
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
    if (detail === 'infos-as-counts') {
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
    const statement = detail === 'full' ? statementOf(f, context.statements) : undefined;
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

  const reserved = joinBlocks([...head, tableHeader, `…and ${pluralize(rows.length, 'more row')} not shown.`, foot]).length;
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
  const out = joinBlocks([...head, ...table, ...more, foot]);
  if (out.length <= maxLength) return out;
  return joinBlocks(head);
}

function countsRow(label: string, findings: readonly Finding[]): string {
  const c = countSeverities(findings);
  return `| ${label} | ${c.errors} | ${c.warnings} | ${c.infos} |`;
}
