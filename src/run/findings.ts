/** Findings the database run makes from what it measured (origin `run`), same shape as the linter's. */
import type { Finding, Span } from '../report/types.js';
import { findingFromMeta, type BuiltinMeta } from '../analyze/builtin-findings.js';
export { formatMs } from '../report/execution-facts.js';

export type RunFindingMeta = BuiltinMeta;

export const RUN_FINDINGS = {
  'run-statement-failed': {
    id: 'run-statement-failed',
    description: 'Report statements that failed when the migrations ran on PostgreSQL',
    category: 'correctness',
    severity: 'error',
    fix: 'Make the statement succeed on the schema and data it meets: backfill before adding NOT NULL, deduplicate before a unique index, run CONCURRENTLY statements outside a transaction.',
  },
  'run-table-rewritten': {
    id: 'run-table-rewritten',
    description: 'Report statements that rewrote an existing table when the migrations ran',
    category: 'rewrite',
    severity: 'warning',
    fix: 'Use a form that changes only the catalog (a constant default, a widening type change, NOT VALID then VALIDATE), or add a new column, backfill it in batches and swap.',
  },
  'run-exclusive-lock-held': {
    id: 'run-exclusive-lock-held',
    description: 'Report ACCESS EXCLUSIVE locks on existing tables held longer than a threshold when the migrations ran',
    category: 'lock',
    severity: 'warning',
    fix: 'Keep the transaction that takes the lock short: one schema change per transaction, the data work in another, and SET lock_timeout before it.',
  },
  'run-traffic-blocked': {
    id: 'run-traffic-blocked',
    description: 'Report statements behind whose locks reads or writes of existing tables waited longer than a threshold',
    category: 'lock',
    severity: 'warning',
    fix: 'Take weaker locks (CONCURRENTLY, NOT VALID) or hold them briefly: commit right after the statement, and SET lock_timeout so a queued lock cannot stall traffic.',
  },
  'run-lock-held-during-work': {
    id: 'run-lock-held-during-work',
    description: 'Report work done in a transaction while it holds a lock that blocks traffic on an existing table',
    category: 'lock',
    severity: 'error',
    fix: 'Commit the schema change first and do the work (backfill, index build, validation) in a later transaction, in batches.',
  },
  'run-timeout': {
    id: 'run-timeout',
    description: 'Report a migration run that exceeded its time limit',
    category: 'performance',
    severity: 'error',
    fix: 'Find the statement that hangs or waits (a lock it can never get, an endless loop) or raise the run\'s timeout if the work is real.',
  },
  'run-base-failed': {
    id: 'run-base-failed',
    description: 'Report a base migration that failed, which stops the database run',
    category: 'correctness',
    severity: 'error',
    fix: 'Make the base migrations apply in order on an empty database (check the order, the prelude SQL and the extensions they need); the checked files were linted only.',
  },
  'run-estimated-lock-held': {
    id: 'run-estimated-lock-held',
    description: 'Report locks that block traffic on an existing table and, extrapolated to production size, are held longer than a threshold',
    category: 'lock',
    severity: 'warning',
    fix: 'Use a form whose lock does not scale with the table (CONCURRENTLY, NOT VALID then VALIDATE, a new column and a batched backfill), commit the schema change before any data work, or schedule it for a maintenance window.',
  },
  'run-estimated-traffic-blocked': {
    id: 'run-estimated-traffic-blocked',
    description: 'Report statements behind whose locks, extrapolated to production size, reads or writes would wait longer than a threshold',
    category: 'lock',
    severity: 'warning',
    fix: 'Make the blocking part independent of the table size (catalog-only forms, CONCURRENTLY), or split the work into batches that each hold the lock briefly.',
  },
  'run-query-broken': {
    id: 'run-query-broken',
    description: 'Report application queries that plan before the migrations but fail after them',
    category: 'compatibility',
    severity: 'error',
    fix: 'Deploy the application change that stops using the dropped or renamed object first (expand, migrate, contract), then drop it in a later migration.',
  },
  'run-query-regressed': {
    id: 'run-query-regressed',
    description: 'Report application queries whose estimated cost or analyzed time grew beyond a threshold after the migrations',
    category: 'performance',
    severity: 'warning',
    fix: 'Keep or recreate an index that serves the query (CREATE INDEX CONCURRENTLY before dropping the old one), and check the plan with EXPLAIN on production-like data.',
  },
  'run-query-lost-index': {
    id: 'run-query-lost-index',
    description: 'Report application queries that stop using an index the migrations dropped or changed',
    category: 'performance',
    severity: 'warning',
    fix: 'Create the replacement index CONCURRENTLY before dropping or changing the one the query uses, and drop the old one only once plans use the new one.',
  },
} as const satisfies Record<string, RunFindingMeta>;

export type RunFindingId = keyof typeof RUN_FINDINGS;

export function runFinding(id: RunFindingId, file: string, span: Span, message: string, statementIndex: number | null): Finding {
  return findingFromMeta(RUN_FINDINGS[id], 'run', file, span, message, statementIndex);
}

