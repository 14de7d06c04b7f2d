import { mergeRun } from '../src/analyze/merge-run.js';
import type { FileReport, Finding, StatementExecution } from '../src/report/types.js';

const span = { line: 1, column: 1, endLine: 1, endColumn: 10 };
const finding = (f: Partial<Finding>): Finding => ({
  ruleId: 'x', category: 'lock', severity: 'error', message: 'Static claim.', fix: null, file: 'm.sql', ...span,
  statementIndex: 0, origin: 'lint', docsUrl: null, ...f,
});
const exec = (e: Partial<StatementExecution>): StatementExecution => ({
  durationMs: 5, rowsAffected: 0, error: null, locks: [], rewrites: [], blocked: null, plan: null, ...e,
});
const file = (findings: Finding[]): FileReport => ({
  path: 'm.sql', format: 'plain', transaction: 'none', findings,
  statements: [{ index: 0, ...span, kind: 'AlterTableStmt', sql: 'ALTER TABLE t …', execution: null }],
});

test('a measured rewrite confirms a static rewrite finding, and the run finding saying the same is folded in', () => {
  const { files } = mergeRun([file([finding({ ruleId: 'change-column-type', category: 'rewrite' })])], {
    executions: new Map([['m.sql', [exec({ rewrites: ['public.t'], durationMs: 840 })]]]),
    findings: [finding({ ruleId: 'run-table-rewritten', category: 'rewrite', origin: 'run', severity: 'warning' })],
  });
  expect(files[0].findings).toEqual([
    expect.objectContaining({ ruleId: 'change-column-type', severity: 'error', confirmedByRun: true, message: 'Static claim. Measured: rewrote public.t in 840 ms.' }),
  ]);
  expect(files[0].statements[0].execution?.rewrites).toEqual(['public.t']);
});

test('when the run saw no rewrite, the measured fact wins: the static finding drops to info, marked not confirmed', () => {
  const { files } = mergeRun([file([finding({ ruleId: 'change-column-type', category: 'rewrite' })])], {
    executions: new Map([['m.sql', [exec({})]]]),
    findings: [],
  });
  expect(files[0].findings[0]).toMatchObject({ severity: 'info', confirmedByRun: false, message: 'Static claim. Not confirmed by the run: no relation was rewritten.' });
});

test('a lock finding is confirmed by a write-blocking lock; weak locks do not confirm it', () => {
  const run = (mode: string) =>
    mergeRun([file([finding({})])], { executions: new Map([['m.sql', [exec({ locks: [{ relation: 'public.t', mode, heldMs: 1200 }] })]]]), findings: [] }).files[0].findings[0];
  expect(run('ShareLock')).toMatchObject({ confirmedByRun: true, severity: 'error', message: 'Static claim. Measured: SHARE on public.t held 1.2 s.' });
  expect(run('ShareUpdateExclusiveLock')).toMatchObject({ confirmedByRun: false, severity: 'info' });
});

test('a statement that failed or did not run confirms nothing; other categories are left alone', () => {
  const failed = exec({ error: { sqlstate: '23502', message: 'nulls', line: 1, column: 1 } });
  const merged = mergeRun([file([finding({}), finding({ category: 'data-loss', ruleId: 'drop-column' })])], { executions: new Map([['m.sql', [failed]]]), findings: [] });
  expect(merged.files[0].findings.map((f) => f.confirmedByRun)).toEqual([undefined, undefined]);
});

test('run findings about files that were not checked become notes', () => {
  const merged = mergeRun([file([])], { executions: new Map([['m.sql', [exec({})]]]), findings: [finding({ file: 'base/1.sql', ruleId: 'run-base-failed', origin: 'run' })] });
  expect(merged.notes.map((n) => n.ruleId)).toEqual(['run-base-failed']);
});

test('a failure the static rule predicted is one finding, confirmed, instead of two', () => {
  const failed = exec({ error: { sqlstate: '25001', message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block', line: 1, column: 1 } });
  const { files } = mergeRun([file([finding({ ruleId: 'concurrently-in-transaction', category: 'correctness' })])], {
    executions: new Map([['m.sql', [failed]]]),
    findings: [finding({ ruleId: 'run-statement-failed', category: 'correctness', origin: 'run' })],
  });
  expect(files[0].findings).toEqual([
    expect.objectContaining({
      ruleId: 'concurrently-in-transaction',
      confirmedByRun: true,
      message: 'Static claim. Measured: it failed with SQLSTATE 25001: CREATE INDEX CONCURRENTLY cannot run inside a transaction block.',
    }),
  ]);
});

test('a failure of another kind is not taken as proof', () => {
  const failed = exec({ error: { sqlstate: '42P01', message: 'relation "t" does not exist', line: 1, column: 1 } });
  const { files } = mergeRun([file([finding({ ruleId: 'concurrently-in-transaction', category: 'correctness' })])], {
    executions: new Map([['m.sql', [failed]]]),
    findings: [finding({ ruleId: 'run-statement-failed', category: 'correctness', origin: 'run' })],
  });
  expect(files[0].findings.map((f) => [f.ruleId, f.confirmedByRun])).toEqual([['concurrently-in-transaction', undefined], ['run-statement-failed', undefined]]);
});
