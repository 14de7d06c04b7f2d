/**
 * Blocking impact is measured by probe sessions that ask for a read's and a write's lock while the migration
 * holds its locks, and the run's findings come from those numbers and from the rewrites seen.
 */
import { executionsOf, file, run, useServer } from './run-helpers.js';

const BASE = `CREATE TABLE t (id int PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 100) g;`;

const server = useServer();
const base = () => [file('base.sql', BASE)];

describe('blocking probe', () => {
  test('ACCESS EXCLUSIVE held across a 300 ms statement blocks reads and writes for about 300 ms', async () => {
    const sql = 'ALTER TABLE t ADD COLUMN c int;\nSELECT pg_sleep(0.3);';
    const result = await run(server.url(), base(), [file('checked.sql', sql)], { maxBlockedMs: 200, maxLockMs: 200, maxWorkUnderLockMs: 100 });
    const [alter, sleep] = executionsOf(result);
    expect(alter?.blocked?.readsMs).toBeGreaterThanOrEqual(250);
    expect(alter?.blocked?.writesMs).toBeGreaterThanOrEqual(250);
    // The wait ends when the transaction does: it cannot exceed how long the lock was held.
    expect(alter!.blocked!.readsMs).toBeLessThanOrEqual(alter!.locks[0].heldMs + 1);
    expect(sleep?.blocked).toEqual({ readsMs: 0, writesMs: 0 });
    expect(result.findings.map((f) => [f.ruleId, f.statementIndex]).sort()).toEqual([
      ['run-exclusive-lock-held', 0],
      ['run-lock-held-during-work', 1],
      ['run-traffic-blocked', 0],
    ]);
    expect(result.findings.find((f) => f.ruleId === 'run-lock-held-during-work')?.message).toMatch(/ACCESS EXCLUSIVE on public\.t \(line 1\)/);
  });

  test('a SHARE lock (CREATE INDEX) blocks writes but not reads', async () => {
    const sql = 'CREATE INDEX t_name_idx ON t (name);\nSELECT pg_sleep(0.3);';
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    const [index] = executionsOf(result);
    expect(index?.blocked?.writesMs).toBeGreaterThanOrEqual(250);
    expect(index?.blocked?.readsMs).toBe(0);
  });

  test('weak locks are not probed and block nothing', async () => {
    const sql = "UPDATE t SET name = 'x' WHERE id = 1;\nSELECT pg_sleep(0.2);";
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    expect(executionsOf(result)[0]?.blocked).toEqual({ readsMs: 0, writesMs: 0 });
    expect(result.findings).toEqual([]);
  });

  test('blockingProbe: false measures no blocking', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', 'ALTER TABLE t ADD COLUMN c int;')], { blockingProbe: false });
    expect(executionsOf(result)[0]?.blocked).toBeNull();
  });

  test('the default thresholds stay quiet on a quick, safe migration', async () => {
    const sql = "ALTER TABLE t ADD COLUMN c text DEFAULT 'x';\nCREATE TABLE n (id int);";
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    expect(result.findings).toEqual([]);
  });
});

describe('rewrites', () => {
  test('rewriting an existing table is a finding; rewriting a table the change created is not', async () => {
    const sql = 'CREATE TABLE fresh (id int);\nALTER TABLE fresh ALTER COLUMN id TYPE bigint;\nALTER TABLE t ALTER COLUMN id TYPE bigint;\nTRUNCATE fresh;';
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    const executions = executionsOf(result);
    expect(executions[1]?.rewrites).toContain('public.fresh');
    expect(executions[2]?.rewrites).toEqual(expect.arrayContaining(['public.t', 'public.t_pkey']));
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([['run-table-rewritten', 3]]);
    expect(result.findings[0].message).toContain('public.t');
  });

  test('names are the ones before the statement: a renamed or dropped table is named as it was', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', 'ALTER TABLE t RENAME TO t2;\nDROP TABLE t2;', 'none')]);
    const [rename, drop] = executionsOf(result);
    expect(rename?.locks.map((l) => l.relation)).toContain('public.t');
    expect(drop?.locks.map((l) => l.relation)).toContain('public.t2');
  });
});
