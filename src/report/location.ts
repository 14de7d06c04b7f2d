import { severityRank, type Finding, type Span } from './types.js';

/** Notes about no place in particular may carry no position; positions are 1-based. */
export function hasPosition(span: Span): boolean {
  return Number.isInteger(span.line) && span.line >= 1 && Number.isInteger(span.column) && span.column >= 1;
}

/** Report paths use forward slashes already (discover); this keeps Windows-style input from leaking into URIs. */
export function toForwardSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/** `path:line:col`, `path` when there is no position, `(no file)` for notes about no file. */
export function formatLocation(finding: Finding): string {
  if (!finding.file) return '(no file)';
  return hasPosition(finding) ? `${finding.file}:${finding.line}:${finding.column}` : finding.file;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reading order within one file: position, then most severe, then rule id, so output never depends on input order. */
export function compareByPosition(a: Finding, b: Finding): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

export function sortByPosition(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareByPosition);
}
