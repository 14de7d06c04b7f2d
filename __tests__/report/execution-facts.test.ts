import { estimateFacts, estimateLine } from '../../src/report/estimate-facts.js';
import { formatMs, statementFacts } from '../../src/report/execution-facts.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderText } from '../../src/report/render-text.js';
import type { Report, StatementExecution } from '../../src/report/types.js';
import { makeReport } from './report-fixture.js';

function measured(): Report {
  const report = makeReport();
  const exec = (e: Partial<StatementExecution>): StatementExecution => ({
    durationMs: 3.2, rowsAffected: 0, error: null, locks: [], rewrites: [], blocked: null, plan: null, ...e,
  });
  const [first, second] = report.files[0]!.statements;
  first!.execution = exec({
    durationMs: 840,
    locks: [
      { relation: 'public.orders', mode: 'ShareLock', heldMs: 840 },
      { relation: 'public.users', mode: 'AccessExclusiveLock', heldMs: 1250 },
    ],
    rewrites: ['public.users'],
    blocked: { readsMs: 830, writesMs: 1240 },
  });
  if (second) second.execution = exec({ error: { sqlstate: '23502', message: 'column "plan" of relation "users" contains null values', line: 5, column: 1 } });
  report.run = { server: 'PostgreSQL 17.10 (embedded)', database: 'embedded', baseFiles: 2, durationMs: 2300, timeToFirstStatementMs: 1400, status: 'completed', seed: null, error: null };
  return report;
}

test('one row per executed statement: strongest lock first, longest hold, rewrites, blocked traffic, time, error', () => {
  const rows = statementFacts(measured().files[0]!);
  expect(rows[0]).toMatchObject({ lock: 'ACCESS EXCLUSIVE public.users +1', held: '1.3 s', rewrite: 'public.users', blocked: 'reads 830 ms / writes 1.2 s', time: '840 ms', error: null });
  expect(rows[1]?.error).toBe('23502: column "plan" of relation "users" contains null values');
});

test.each([
  [0.42, '0.4 ms'],
  [12.4, '12 ms'],
  [1250, '1.3 s'],
  [252_000, '4.2 min'],
  [5_400_000, '1.5 h'],
])('formatMs(%p) = %p', (ms, text) => expect(formatMs(ms)).toBe(text));

test('text shows a measured table and the server line', () => {
  const text = renderText(measured());
  expect(text).toMatch(/measured:\n\s+line\s+statement\s+lock\s+held\s+rewrite\s+blocked\s+time/);
  expect(text).toContain('ACCESS EXCLUSIVE public.users +1');
  expect(text).toMatch(/failed: 23502: column "plan"/);
  expect(text).toContain('Ran on PostgreSQL 17.10 (embedded) (2 base files) in 2.3 s.');
});

test('markdown folds the measured table under the file and names the server in the footer', () => {
  const md = renderMarkdown(measured());
  expect(md).toContain('<summary>Measured on PostgreSQL 17.10 (embedded):');
  expect(md).toContain('| ACCESS EXCLUSIVE public.users +1 | 1.3 s | public.users | reads 830 ms / writes 1.2 s | 840 ms |');
  expect(md).toContain('ran on PostgreSQL 17.10 (embedded) in 2.3 s</sub>');
});

test('markdown draws the lock timeline per table as a Mermaid Gantt chart, names sanitised', () => {
  const report = measured();
  report.files[0]!.statements[0]!.execution!.locks.push({ relation: 'public."we:ird`name"', mode: 'AccessExclusiveLock', heldMs: 5 });
  const md = renderMarkdown(report);
  const chart = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
  expect(chart).toContain('gantt');
  expect(chart).toContain('section public.users');
  expect(chart).toMatch(/ACCESS EXCLUSIVE line \d+ :crit, 0, 1250/);
  expect(chart).toMatch(/section public.orders\n\s+SHARE line \d+ :0, 840/);
  expect(chart).toContain('section public._we_ird_name_');
  expect(chart).not.toMatch(/[`:]ird/);
});

test('a row carries the statement\'s estimate, and estimateFacts words it beside the measured figures', () => {
  const report = measured();
  const estimate = { table: 'public.users', rows: 80_000_000, measuredRows: 300_000, measuredMs: 840, durationMs: 252_000, lockHeldMs: 312_000, blocked: { readsMs: 250_000, writesMs: 310_000 }, method: 'linear' as const };
  report.files[0]!.statements[0]!.execution!.estimate = estimate;
  const rows = statementFacts(report.files[0]!);
  expect(rows[0]!.estimate).toEqual(estimate);
  expect(rows[1]!.estimate).toBeNull();
  expect(estimateFacts(estimate)).toEqual({
    time: '≈ 4.2 min at 80M rows (measured 840 ms at 300k)',
    basis: 'linear in public.users',
    held: '≈ 5.2 min',
    blocked: 'reads ≈ 4.2 min / writes ≈ 5.2 min',
  });
  expect(estimateLine({ ...estimate, method: 'n-log-n', lockHeldMs: null, blocked: { readsMs: 0, writesMs: 0 } })).toBe('≈ 4.2 min at 80M rows (measured 840 ms at 300k), n·log n in public.users');
});
