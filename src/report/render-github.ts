import { hasPosition, sortByPosition } from './location.js';
import type { RenderOptions } from './render-options.js';
import { bySeverityDescending } from './severity.js';
import type { Finding, Report, Severity } from './types.js';
import { formatWorkflowCommand } from './workflow-command.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub workflow commands, one line per finding:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=migrascope rule-id::message%0Afix: …%0Adocs: …`.
 *
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job); the rest are dropped silently.
 * All findings are emitted, most severe first (notes and files in report order, by position within a file), so what
 * GitHub keeps is what matters most. Limiting or summarising beyond that is the caller's business.
 */
export function renderGithub(report: Report, _options: RenderOptions = {}): string {
  const inReportOrder = [sortByPosition(report.notes), ...report.files.map((f) => sortByPosition(f.findings))].flat();
  const lines = bySeverityDescending(inReportOrder).map(formatAnnotation);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * Columns only when the span stays on one line: GitHub's annotations API rejects columns on multi-line spans
 * ("Omit this parameter if start_line and end_line have different values").
 */
export function formatAnnotation(finding: Finding): string {
  const positioned = Boolean(finding.file) && hasPosition(finding);
  const columns = positioned && finding.endLine === finding.line;
  const message = [
    finding.message,
    ...(finding.fix ? [`fix: ${finding.fix}`] : []),
    ...(finding.docsUrl ? [`docs: ${finding.docsUrl}`] : []),
  ].join('\n');
  return formatWorkflowCommand(
    COMMAND[finding.severity],
    [
      ['file', finding.file],
      ['line', positioned ? finding.line : null],
      ['col', columns ? finding.column : null],
      ['endLine', positioned ? finding.endLine : null],
      ['endColumn', columns ? finding.endColumn : null],
      ['title', `migrascope ${finding.ruleId}`],
    ],
    message,
  );
}
