/**
 * Puts what the database run measured into the report: executions on their statements, run findings in their
 * files, and static lock/rewrite findings confirmed or contradicted. Where the two agree, the report shows one
 * finding (the static one, with the measurement added); where they disagree, the measured fact wins and the
 * static finding stays only as info, marked not confirmed.
 */
import type { FileReport, Finding, StatementExecution } from '../report/types.js';
import { formatMs, lockLabel } from '../report/execution-facts.js';

export interface MeasuredRun {
  executions: ReadonlyMap<string, ReadonlyArray<StatementExecution | null>>;
  findings: readonly Finding[];
}

/** Locks from SHARE up block writes: what a static `lock` finding warns about. */
const TRAFFIC_BLOCKING = new Set(['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock']);

/** Static findings that predict a failure, and the SQLSTATEs that prove them right when the statement runs. */
const PREDICTED_FAILURES: Record<string, readonly string[]> = {
  'concurrently-in-transaction': ['25001'],
  'add-not-null-without-default': ['23502'],
  'enum-value-used-in-same-transaction': ['55P04'],
};

/** Run findings that say again, with numbers, what a confirmed static finding of that category said. */
const RESTATES: Record<string, 'rewrite' | 'lock'> = {
  'run-table-rewritten': 'rewrite',
  'run-exclusive-lock-held': 'lock',
};

export function mergeRun(files: FileReport[], run: MeasuredRun): { files: FileReport[]; notes: Finding[] } {
  const byFile = new Map<string, Finding[]>();
  const notes: Finding[] = [];
  for (const f of run.findings) {
    if (run.executions.has(f.file)) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
    else notes.push(f);
  }
  const merged = files.map((file) => {
    const executions = run.executions.get(file.path);
    if (!executions) return file;
    const statements = file.statements.map((s) => ({ ...s, execution: executions[s.index] ?? null }));
    const confirmed = new Set<string>();
    const findings = file.findings.map((f) => {
      const verdict = judge(f, f.statementIndex === null ? null : executions[f.statementIndex] ?? null);
      if (verdict === null) return f;
      if (verdict.confirmed) {
        confirmed.add(`${f.statementIndex}:${PREDICTED_FAILURES[f.ruleId] ? 'failure' : f.category}`);
        return { ...f, confirmedByRun: true, message: `${f.message} Measured: ${verdict.detail}.` };
      }
      return { ...f, confirmedByRun: false, severity: 'info' as const, message: `${f.message} Not confirmed by the run: ${verdict.detail}.` };
    });
    const runFindings = (byFile.get(file.path) ?? []).filter(
      (f) => !(RESTATES[f.ruleId] && confirmed.has(`${f.statementIndex}:${RESTATES[f.ruleId]}`)) && !(f.ruleId === 'run-statement-failed' && confirmed.has(`${f.statementIndex}:failure`)),
    );
    return { ...file, statements, findings: [...findings, ...runFindings].sort((a, b) => a.line - b.line || a.column - b.column) };
  });
  return { files: merged, notes };
}

function judge(f: Finding, e: StatementExecution | null): { confirmed: boolean; detail: string } | null {
  if (f.origin !== 'lint' || !e) return null;
  const predicted = PREDICTED_FAILURES[f.ruleId];
  if (predicted && e.error && predicted.includes(e.error.sqlstate)) {
    return { confirmed: true, detail: `it failed with SQLSTATE ${e.error.sqlstate}: ${e.error.message}` };
  }
  if (e.error) return null;
  if (f.category === 'rewrite') {
    return e.rewrites.length
      ? { confirmed: true, detail: `rewrote ${e.rewrites.join(', ')} in ${formatMs(e.durationMs)}` }
      : { confirmed: false, detail: 'no relation was rewritten' };
  }
  if (f.category === 'lock') {
    const blocking = e.locks.filter((l) => TRAFFIC_BLOCKING.has(l.mode)).sort((a, b) => b.heldMs - a.heldMs);
    if (!blocking.length) return { confirmed: false, detail: 'no lock that blocks writes was taken' };
    const top = blocking[0];
    return { confirmed: true, detail: `${lockLabel(top.mode)} on ${top.relation} held ${formatMs(top.heldMs)}` };
  }
  return null;
}
