import type { FailOn } from './config.js';
import { allFindings, type Report } from './report/types.js';

/** Merge gating, decided apart from rendering: does the report hold findings at or above `failOn`? */
export function shouldFail(report: Report, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return allFindings(report).some((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'));
}
