/**
 * The per-statement facts of a database run, as rows both the text and the markdown renderer print:
 * the strongest lock and on what, how long it was held, what was rewritten, what traffic waited, the time.
 */
import { LOCK_MODES, lockLabel as lockLabelOf, type LockMode } from '../sql/locks.js';
import type { FileReport, StatementEstimate, StatementExecution, StatementReport } from './types.js';

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE` (modes come from pg_locks as strings). */
export function lockLabel(mode: string): string {
  return lockLabelOf(mode as LockMode);
}

export interface StatementFactRow {
  line: number;
  /** The statement's start, on one line, shortened. */
  statement: string;
  lock: string;
  held: string;
  rewrite: string;
  blocked: string;
  time: string;
  /** `SQLSTATE: message` when the statement failed. */
  error: string | null;
  /** The same figures extrapolated to production size (see estimate-facts.ts); null when there is none. */
  estimate: StatementEstimate | null;
}

/** Weakest first, as Postgres orders them. */
const LOCK_ORDER: readonly string[] = LOCK_MODES;

export function hasExecutions(file: FileReport): boolean {
  return file.statements.some((s) => s.execution !== null);
}

export function hasEstimates(file: FileReport): boolean {
  return file.statements.some((s) => s.execution?.estimate);
}

export function statementFacts(file: FileReport): StatementFactRow[] {
  return file.statements.filter((s): s is StatementReport & { execution: StatementExecution } => s.execution !== null).map((s) => factRow(s, s.execution));
}

function factRow(s: StatementReport, e: StatementExecution): StatementFactRow {
  // The strongest lock, and among equals a user table before its TOAST table or indexes.
  const locks = [...e.locks].sort((a, b) => LOCK_ORDER.indexOf(b.mode) - LOCK_ORDER.indexOf(a.mode) || Number(isInternal(a.relation)) - Number(isInternal(b.relation)));
  const top = locks[0];
  const more = locks.length > 1 ? ` +${locks.length - 1}` : '';
  const rewritten = e.rewrites.filter((r) => !isInternal(r) && !looksLikeIndex(r));
  const rewriteText = e.rewrites.length === 0 ? '—' : rewritten.length ? `${rewritten.join(', ')}${e.rewrites.length > rewritten.length ? ` (+${e.rewrites.length - rewritten.length} indexes/TOAST)` : ''}` : e.rewrites.join(', ');
  return {
    line: s.line,
    statement: shorten(s.sql.replace(/\s+/g, ' ').trim(), 48),
    lock: top ? `${lockLabel(top.mode)} ${top.relation}${more}` : '—',
    held: top ? formatMs(Math.max(...locks.map((l) => l.heldMs))) : '—',
    rewrite: rewriteText,
    blocked: e.blocked && (e.blocked.readsMs > 0 || e.blocked.writesMs > 0) ? `reads ${formatMs(e.blocked.readsMs)} / writes ${formatMs(e.blocked.writesMs)}` : '—',
    time: formatMs(e.durationMs),
    error: e.error ? `${e.error.sqlstate}: ${e.error.message}` : null,
    estimate: e.estimate ?? null,
  };
}

/**
 * Index names as Postgres and the usual conventions make them. Display only: the JSON report keeps every relation;
 * here indexes that move with their table would just repeat it.
 */
export function looksLikeIndex(relation: string): boolean {
  return /_(pkey|key|idx|index|fkey|excl)$/.test(relation);
}

/** TOAST and catalog relations: real, but not what a reader is looking for. */
export function isInternal(relation: string): boolean {
  return relation.startsWith('pg_toast.') || relation.startsWith('pg_catalog.');
}

/** Milliseconds for people: `0.4 ms`, `12 ms`, `1.3 s`, `4.2 min`, `1.5 h`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
