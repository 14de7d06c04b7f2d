/** Turns one traced file's measurements into findings, against the thresholds of the run's options. */
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { Finding, Span } from '../report/types.js';
import { blocksWrites, lockLabel } from '../sql/locks.js';
import { TABLE_KINDS } from './trace-catalog.js';
import { formatMs, runFinding } from './findings.js';
import type { FileTrace, TracedStatement } from './trace-file.js';
import type { RunFile } from './types.js';

export interface Thresholds {
  maxLockMs: number;
  maxBlockedMs: number;
  maxWorkUnderLockMs: number;
}

export function findingsForFile(file: RunFile, trace: FileTrace, existing: Set<number>, thresholds: Thresholds, server: string): Finding[] {
  const statements = file.parsed.statements;
  const at = (i: number): Span => spanOf(statements[i]);
  const findings: Finding[] = [];

  for (const t of trace.traced) {
    const stmt = statements[t.index];
    const rewritten = t.rewritten.filter((r) => existing.has(r.oid) && TABLE_KINDS.has(r.kind));
    // TRUNCATE gets new, empty storage: data loss (the linter says so), not a copy of every row.
    if (rewritten.length && stmt.kind !== 'TruncateStmt') {
      const names = rewritten.map((r) => `${r.schema}.${r.name}`).join(', ');
      findings.push(
        runFinding('run-table-rewritten', file.path, at(t.index), `This statement rewrote existing ${plural(rewritten.length, 'table')} ${names} (new relfilenode): every row is copied while ACCESS EXCLUSIVE blocks all reads and writes, for as long as the copy takes on production data.`, t.index),
      );
    }
    for (const lock of t.locks) {
      if (!lock.existingTable || lock.mode !== 'AccessExclusiveLock' || lock.heldMs <= thresholds.maxLockMs) continue;
      const until = t.shared ? 'from this statement until its transaction ended' : 'while the statement ran';
      findings.push(
        runFinding('run-exclusive-lock-held', file.path, at(t.index), `ACCESS EXCLUSIVE on existing table ${lock.relation} was held for ${formatMs(lock.heldMs)} (${until}, threshold ${formatMs(thresholds.maxLockMs)}); every read and write of it waits that long.`, t.index),
      );
    }
    const blocked = t.execution.blocked;
    if (blocked && Math.max(blocked.readsMs, blocked.writesMs) > thresholds.maxBlockedMs) {
      const tables = [...new Set(t.probes.filter((p) => p.waitedMs > thresholds.maxBlockedMs).map((p) => p.table))].join(', ');
      findings.push(
        runFinding('run-traffic-blocked', file.path, at(t.index), `Behind this statement's locks on ${tables}, reads waited ${formatMs(blocked.readsMs)} and writes ${formatMs(blocked.writesMs)} (threshold ${formatMs(thresholds.maxBlockedMs)}).`, t.index),
      );
    }
  }
  findings.push(...workUnderLock(file, trace.traced, thresholds));

  const failure = trace.failure;
  if (failure) {
    const span = { line: failure.line, column: failure.column, endLine: Math.max(failure.endLine, failure.line), endColumn: failure.endLine > failure.line ? failure.endColumn : Math.max(failure.endColumn, failure.column) };
    const notRun = statements.length - 1 - (failure.statementIndex ?? -1);
    const rest = notRun > 0 ? ` The rest of the file (${notRun} ${plural(notRun, 'statement')}) and later migrations did not run.` : ' Later migrations did not run.';
    if (failure.timeout) {
      findings.push(runFinding('run-timeout', file.path, span, `The run hit its time limit here (SQLSTATE ${failure.sqlstate}: ${failure.message}).${rest}`, failure.statementIndex));
    } else {
      findings.push(runFinding('run-statement-failed', file.path, span, `This statement fails on ${server}: SQLSTATE ${failure.sqlstate}: ${failure.message}.${rest}`, failure.statementIndex));
    }
  }
  return findings;
}

/** A statement that works for long while an earlier statement of its transaction holds a traffic-blocking lock. */
function workUnderLock(file: RunFile, traced: TracedStatement[], thresholds: Thresholds): Finding[] {
  const findings: Finding[] = [];
  for (const t of traced) {
    if (!t.shared || t.execution.durationMs <= thresholds.maxWorkUnderLockMs) continue;
    const held = traced
      .filter((o) => o.transaction === t.transaction && o.index < t.index)
      .flatMap((o) => o.locks.filter((l) => l.existingTable && blocksWrites(l.mode)).map((l) => ({ l, by: file.parsed.statements[o.index] })));
    if (held.length === 0) continue;
    const what = held.map(({ l, by }) => `${lockLabel(l.mode)} on ${l.relation} (line ${by.line})`).join(', ');
    findings.push(
      runFinding('run-lock-held-during-work', file.path, spanOf(file.parsed.statements[t.index]), `This statement ran for ${formatMs(t.execution.durationMs)} while its transaction held ${what}: writes${held.some(({ l }) => l.mode === 'AccessExclusiveLock') ? ' and reads' : ''} of ${plural(new Set(held.map(({ l }) => l.relation)).size, 'that table', 'those tables')} waited all along, and will wait longer on production data.`, t.index),
    );
  }
  return findings;
}

function spanOf(s: ParsedStatement): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
