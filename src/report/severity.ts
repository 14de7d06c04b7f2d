import { severityRank, type Severity, type Summary } from './types.js';

export const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** `pluralize(1, 'error')` → "1 error"; `pluralize(0, 'info')` → "0 infos". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "3 errors, 1 warning, 0 infos". */
export function formatCounts(summary: Summary): string {
  return [
    pluralize(summary.errors, 'error'),
    pluralize(summary.warnings, 'warning'),
    pluralize(summary.infos, 'info'),
  ].join(', ');
}

/** Like {@link formatCounts} but leaves out zero counts: "3 errors, 1 info". Empty string when all are zero. */
export function formatNonZeroCounts(summary: Summary): string {
  const parts: string[] = [];
  if (summary.errors) parts.push(pluralize(summary.errors, 'error'));
  if (summary.warnings) parts.push(pluralize(summary.warnings, 'warning'));
  if (summary.infos) parts.push(pluralize(summary.infos, 'info'));
  return parts.join(', ');
}

export function totalCount(summary: Summary): number {
  return summary.errors + summary.warnings + summary.infos;
}

/** Most severe first; a stable sort keeps the caller's order within one severity. */
export function bySeverityDescending<T extends { severity: Severity }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
