/**
 * What the report looks like on GitHub around renderMarkdown: the PR comment (report + a footer saying which commit,
 * how it was checked and how to re-run, + a hidden run stamp), the job summary, the "nothing to check" comment, and
 * the annotations within GitHub's per-step limits. Pure.
 */
import type { FailOn } from '../config.js';
import { escapeMarkdownText, markdownLink } from '../report/markdown-escape.js';
import { MARKDOWN_MARKER, formatAnnotation, renderMarkdown, type Report, type RenderOptions } from '../report/index.js';
import { sortByPosition } from '../report/location.js';
import { bySeverityDescending, formatNonZeroCounts, pluralize } from '../report/severity.js';
import { countSeverities, type Finding } from '../report/types.js';
import { formatWorkflowCommand } from '../report/workflow-command.js';
import { stampLine, type RunStamp } from './sticky-comment.js';

/** GitHub refuses issue comments longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Room left under the limit: GitHub counts characters, we count UTF-16 units (never fewer), plus a margin. */
const COMMENT_BUDGET = GITHUB_COMMENT_LIMIT - 536;
/** The job summary takes up to 1 MiB per step; UTF-16 units × 3 bounds the UTF-8 size of BMP text. */
const SUMMARY_BUDGET = 300_000;

export interface ReportContext {
  /** The commit the report is about (the PR head), when there is one. */
  headSha: string | null;
  failOn: FailOn;
  runUrl: string;
  /** The comment trigger to mention as the way to re-run; null outside pull requests. */
  command: string | null;
  /** Set when a `/migrascope run` comment started this run. */
  rerun: { by: string; parameters: string } | null;
  /** Plain-text warnings shown above the report (e.g. a PR too large for GitHub to list every file). */
  notices: string[];
}

function shortSha(sha: string): string {
  return sha.replace(/[^0-9a-f]/gi, '').slice(0, 7);
}

function footer(ctx: ReportContext): string {
  const parts: string[] = [];
  if (ctx.headSha) parts.push(`commit ${shortSha(ctx.headSha)}`);
  parts.push(`fail-on: ${ctx.failOn}`);
  parts.push(markdownLink('workflow run', ctx.runUrl));
  // The trigger is validated to hold no backticks or markup, so a code span shows it as typed.
  if (ctx.command) parts.push(`comment <code>${ctx.command} run</code> to re-run`);
  const lines = [`<sub>${parts.join(' · ')}</sub>`];
  if (ctx.rerun) {
    const params = ctx.rerun.parameters ? ` with ${escapeMarkdownText(ctx.rerun.parameters)}` : '';
    lines.unshift(`<sub>Re-run requested by ${escapeMarkdownText(ctx.rerun.by)}${params}.</sub>`);
  }
  return lines.join('\n');
}

function noticeBlock(ctx: ReportContext): string {
  return ctx.notices.map((n) => `> [!WARNING]\n> ${escapeMarkdownText(n)}`).join('\n\n');
}

function around(report: Report, ctx: ReportContext, budget: number, options: RenderOptions, stamp: RunStamp | null): string {
  const before = noticeBlock(ctx);
  const after = [footer(ctx), ...(stamp ? [stampLine(stamp)] : [])].join('\n');
  const reserved = before.length + after.length + 4;
  const markdown = renderMarkdown(report, { ...options, maxLength: Math.max(1_000, budget - reserved) });
  // The marker must stay the first line (it is how the comment is found again): notices go right after it.
  const body = before ? markdown.replace(`${MARKDOWN_MARKER}\n`, `${MARKDOWN_MARKER}\n${before}\n\n`) : markdown;
  return `${body.trimEnd()}\n\n${after}\n`;
}

/** The sticky PR comment. Always under GitHub's limit: renderMarkdown degrades detail to fit the room left. */
export function composeComment(report: Report, ctx: ReportContext, stamp: RunStamp, options: RenderOptions = {}): string {
  return around(report, ctx, COMMENT_BUDGET, options, stamp);
}

/** The job summary: the same report with far more room, so nothing the comment had to drop is lost. */
export function composeSummary(report: Report, ctx: ReportContext, options: RenderOptions = {}): string {
  return around(report, ctx, SUMMARY_BUDGET, options, null);
}

/** Replaces an earlier report when the PR no longer changes any migration: a stale report is worse than none. */
export function composeNothingToCheck(ctx: ReportContext, stamp: RunStamp): string {
  const at = ctx.headSha ? ` as of commit ${shortSha(ctx.headSha)}` : '';
  return [
    MARKDOWN_MARKER,
    '### ✅ migrascope: no migration files changed',
    '',
    `This pull request no longer changes any migration file${at}, so there is nothing to check. An earlier version of this comment reported on files that are no longer part of the change.`,
    '',
    footer(ctx),
    stampLine(stamp),
    '',
  ].join('\n');
}

/** GitHub shows at most this many error and this many warning annotations per step; the rest vanish silently. */
export const ANNOTATION_LIMIT = 10;

/**
 * Workflow-command lines for the annotations: the most severe first (notes and files in report order, by position
 * within a file, as renderGithub orders them), at most 10 errors and 10 warnings; infos stay in the report. When
 * anything is left out, a notice says how much and where the full report is.
 */
export function selectAnnotations(report: Report, fullReport: { label: string; url: string | null }): string[] {
  const inReportOrder = [sortByPosition(report.notes), ...report.files.map((f) => sortByPosition(f.findings))].flat();
  const shown: Finding[] = [];
  const left: Finding[] = [];
  const used = { error: 0, warning: 0 };
  for (const f of bySeverityDescending(inReportOrder)) {
    if (f.severity !== 'info' && used[f.severity] < ANNOTATION_LIMIT) {
      used[f.severity]++;
      shown.push(f);
    } else left.push(f);
  }
  const lines = shown.map(formatAnnotation);
  if (left.length) {
    const where = fullReport.url ? `${fullReport.label}: ${fullReport.url}` : fullReport.label;
    const message = `${pluralize(left.length, 'more finding')} (${formatNonZeroCounts(countSeverities(left))}) not shown as annotations; GitHub shows at most ${ANNOTATION_LIMIT} errors and ${ANNOTATION_LIMIT} warnings per step. The full report is in the ${where}`;
    lines.push(formatWorkflowCommand('notice', [['title', 'migrascope']], message));
  }
  return lines;
}
