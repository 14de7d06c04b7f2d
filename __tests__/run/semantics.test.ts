/**
 * The run reproduces each framework's transaction semantics exactly, so a statement fails (or succeeds) here as
 * it would in production, and reports failures where they are in the file.
 */
import pg from 'pg';
import { withDatabase } from '../../src/run/provision-url.js';
import { executionsOf, file, run, useServer } from './run-helpers.js';

const BASE = `CREATE TABLE t (id int PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 100) g;`;

const server = useServer();
const base = () => [file('base.sql', BASE)];
const ruleIds = (result: { findings: Array<{ ruleId: string }> }) => result.findings.map((f) => f.ruleId);

describe('transaction semantics', () => {
  const CIC = 'CREATE INDEX CONCURRENTLY t_name_idx ON t (name)';

  test('CONCURRENTLY fails with 25001 inside the per-file transaction, where it is in the file', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', `SELECT 1;\n\n  ${CIC};\nSELECT 2;`, 'per-file')]);
    const [first, second, third] = executionsOf(result);
    expect(first?.error).toBeNull();
    expect(second?.error).toEqual({ sqlstate: '25001', message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block', line: 3, column: 3 });
    expect(third).toBeNull();
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'run-statement-failed', severity: 'error', origin: 'run', file: 'checked.sql', line: 3, column: 3, statementIndex: 1 }),
    ]);
    expect(result.findings[0].message).toContain('SQLSTATE 25001');
  });

  test('CONCURRENTLY fails with 25001 in the implicit transaction of a multi-statement query', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', `SELECT 1;\n${CIC};`, 'implicit')]);
    expect(executionsOf(result)[1]?.error?.sqlstate).toBe('25001');
  });

  test('a lone statement sent as one query runs outside a transaction block, so CONCURRENTLY works', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', `${CIC};`, 'implicit')]);
    expect(executionsOf(result)[0]?.error).toBeNull();
    expect(ruleIds(result)).toEqual([]);
  });

  test('CONCURRENTLY works statement by statement (none)', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', `SELECT 1;\n${CIC};`, 'none')]);
    expect(executionsOf(result).map((e) => e?.error)).toEqual([null, null]);
  });

  test("after the file's own COMMIT, a per-file migration's statements run in autocommit", async () => {
    const result = await run(server.url(), base(), [file('checked.sql', `CREATE TABLE a (id int);\nCOMMIT;\n${CIC};`, 'per-file')]);
    expect(executionsOf(result).map((e) => e?.error ?? null)).toEqual([null, null, null]);
  });

  test("the file's own BEGIN … COMMIT holds the lock until COMMIT, across a later pg_sleep", async () => {
    const sql = 'BEGIN;\nALTER TABLE t ADD COLUMN c int;\nSELECT pg_sleep(0.3);\nCOMMIT;\nALTER TABLE t ADD COLUMN d int;';
    const result = await run(server.url(), base(), [file('checked.sql', sql, 'none')], { blockingProbe: false });
    const [, alter, sleep, , alone] = executionsOf(result);
    expect(alter?.locks).toEqual([{ relation: 'public.t', mode: 'AccessExclusiveLock', heldMs: expect.any(Number) }]);
    expect(alter!.locks[0].heldMs).toBeGreaterThanOrEqual(250);
    expect(sleep?.locks).toEqual([]);
    expect(sleep!.durationMs).toBeGreaterThanOrEqual(250);
    // Alone in autocommit, the lock goes with the statement.
    expect(alone!.locks[0].heldMs).toBeLessThan(250);
  });

  test('a failure rolls back the file and stops the run: later files are not executed', async () => {
    const result = await run(server.url(), base(), [
      file('one.sql', 'CREATE TABLE one (id int);\nINSERT INTO t VALUES (1, \'dup\');\nCREATE TABLE two (id int);'),
      file('two.sql', 'CREATE TABLE three (id int);'),
    ]);
    expect(executionsOf(result, 'one.sql').map((e) => e?.error?.sqlstate ?? (e ? 'ok' : null))).toEqual(['ok', '23505', null]);
    expect(executionsOf(result, 'two.sql')).toEqual([null]);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['run-statement-failed', 'one.sql', 2]]);
    expect(result.findings[0].message).toContain('duplicate key value violates unique constraint "t_pkey"');
  });
});

describe('a file sent as one query (implicit) fails exactly as Postgres fails it', () => {
  /** The file, and what Postgres answers when it is sent as one query. */
  const FILES: Record<string, [string, string]> = {
    'CONCURRENTLY after another statement': ['SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (name);', '25001'],
    'CONCURRENTLY alone': ['CREATE INDEX CONCURRENTLY i ON t (name);', 'ok'],
    "CONCURRENTLY after the file's own COMMIT": ['BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (name);', '25001'],
    'own BEGIN … COMMIT': ['BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nSELECT 2;', 'ok'],
    'unique violation after DDL': ["CREATE TABLE a (id int);\nINSERT INTO t VALUES (1, 'x');", '23505'],
    'VACUUM with another statement': ['VACUUM t;\nSELECT 1;', '25001'],
    'new enum value used in the same transaction': ["CREATE TYPE mood AS ENUM ('ok');\nCOMMIT;\nALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;", '55P04'],
    'plain DDL': ['CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;', 'ok'],
  };

  /** SQLSTATE (or 'ok') of sending the text as one simple query to a fresh database holding BASE. */
  async function direct(sql: string): Promise<string> {
    const name = `direct_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client(server.url());
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const c = new pg.Client(withDatabase(server.url(), name));
    await c.connect();
    try {
      await c.query(BASE);
      await c.query(sql);
      return 'ok';
    } catch (error) {
      return (error as { code: string }).code;
    } finally {
      await c.end();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    }
  }

  test.each(Object.entries(FILES))('%s', async (_name, [sql, sqlstate]) => {
    expect(await direct(sql)).toBe(sqlstate);
    const result = await run(server.url(), base(), [file('checked.sql', sql, 'implicit')]);
    expect(executionsOf(result).find((e) => e?.error)?.error?.sqlstate ?? 'ok').toBe(sqlstate);
  });
});

describe('failures on existing data, located in the file', () => {
  test('ADD COLUMN NOT NULL without a default on a table with rows fails with 23502', async () => {
    const sql = '-- add a required column\n\nALTER TABLE t\n  ADD COLUMN email text NOT NULL;\n';
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    expect(executionsOf(result)[0]?.error).toEqual({ sqlstate: '23502', message: 'column "email" of relation "t" contains null values', line: 3, column: 1 });
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'run-statement-failed', line: 3, column: 1, endLine: 4, endColumn: 33 })]);
  });

  test("an error's position counts characters; the column counts UTF-16 units", async () => {
    // é is 2 bytes and 1 character; 😀 is 4 bytes, 1 character (to Postgres) and 2 UTF-16 units.
    const sql = "SELECT 1;\n  SELECT 'é😀', no_such_column FROM t;";
    const result = await run(server.url(), base(), [file('checked.sql', sql, 'none')]);
    expect(executionsOf(result)[1]?.error).toMatchObject({ sqlstate: '42703', line: 2, column: "  SELECT 'é😀', ".length + 1 });
  });

  test('an error in DML run under EXPLAIN points into the statement, not into the EXPLAIN prefix', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', 'UPDATE t SET nam = 1;')]);
    expect(executionsOf(result)[0]?.error).toMatchObject({ sqlstate: '42703', line: 1, column: 14 });
  });
});

describe('base migrations', () => {
  test('a failing base file stops the run, names file:line:col and the error; checked files do not run', async () => {
    const result = await run(server.url(), [file('001.sql', BASE), file('002.sql', 'CREATE TABLE a (id int);\n\nALTER TABLE a ADD COLUMN b no_such_type;', 'per-file')], [file('checked.sql', 'SELECT 1;')]);
    expect(result.baseFailure).toEqual({ file: '002.sql', line: 3, column: 28, sqlstate: '42704', message: 'type "no_such_type" does not exist' });
    expect(result.run).toMatchObject({ status: 'base-failed', error: '002.sql:3:28: SQLSTATE 42704: type "no_such_type" does not exist' });
    expect(executionsOf(result)).toEqual([null]);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'run-base-failed', severity: 'error', file: '002.sql', line: 3, column: 28, statementIndex: 1 })]);
  });

  test('an error without a position in a file sent as one query is located by replaying it', async () => {
    const sql = 'CREATE TABLE a (id int);\nINSERT INTO t VALUES (1);\nCREATE TABLE b (id int);';
    const result = await run(server.url(), [file('001.sql', BASE), file('002.sql', sql, 'implicit')], []);
    expect(result.baseFailure).toMatchObject({ file: '002.sql', line: 2, column: 1, sqlstate: '23505' });
  });

  test('the prelude runs first; a failing prelude is reported as such', async () => {
    const ok = await run(server.url(), [file('001.sql', 'INSERT INTO pre VALUES (2);')], [file('checked.sql', 'UPDATE pre SET id = id;')], { beforeSql: ['CREATE TABLE pre (id int); INSERT INTO pre VALUES (1);'] });
    expect(executionsOf(ok)[0]?.rowsAffected).toBe(2);
    const bad = await run(server.url(), [], [], { beforeSql: ['SELECT 1;', 'SELECT nope;'] });
    expect(bad.baseFailure).toMatchObject({ file: '(beforeSql)', line: 1, column: 8, sqlstate: '42703' });
  });

  test('perFileSql runs inside each file’s transaction (base and checked)', async () => {
    const perFileSql = (f: { path: string }) => `INSERT INTO book VALUES ('${f.path}')`;
    const result = await run(
      server.url(),
      [file('001.sql', 'CREATE TABLE book (path text);'), file('002.sql', 'SELECT 1;', 'none')],
      [file('003.sql', 'SELECT 1;'), file('004.sql', "UPDATE book SET path = path WHERE path LIKE '00%';")],
      { perFileSql },
    );
    expect(executionsOf(result, '004.sql')[0]?.rowsAffected).toBe(3);
  });

  test('down files are never run forward', async () => {
    const down = { ...file('down.sql', 'DROP TABLE t;'), isDown: true };
    const result = await run(server.url(), [file('001.sql', BASE), down], [down, file('checked.sql', 'SELECT count(*) FROM t;')]);
    expect(result.baseFailure).toBeNull();
    expect(executionsOf(result, 'down.sql')).toEqual([null]);
    expect(executionsOf(result)[0]?.rowsAffected).toBe(1);
  });
});

describe('time limit', () => {
  test('a hanging migration ends with a clear run-timeout finding', async () => {
    const started = Date.now();
    const result = await run(server.url(), base(), [file('checked.sql', 'SELECT 1;\nSELECT pg_sleep(30);')], { timeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(20000);
    expect(executionsOf(result)[1]?.error?.sqlstate).toBe('57014');
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'run-timeout', severity: 'error', line: 2 })]);
  });

  test('a migration that turns statement_timeout off still stops at the run limit', async () => {
    const result = await run(server.url(), base(), [file('checked.sql', 'SET statement_timeout = 0;\nSELECT pg_sleep(30);', 'none')], { timeoutMs: 700 });
    expect(ruleIds(result)).toEqual(['run-timeout']);
    expect(result.findings[0].message).toContain('canceling statement due to user request');
  });
});

describe('plans and rows', () => {
  test('DML runs once, under EXPLAIN ANALYZE, and reports the rows it changed', async () => {
    const sql = [
      'UPDATE t SET name = upper(name) WHERE id <= 10',
      'DELETE FROM t WHERE id > 95',
      'INSERT INTO t SELECT g, \'x\' FROM generate_series(101, 120) g',
      "INSERT INTO t SELECT * FROM (VALUES (1, 'y'), (500, 'z')) v ON CONFLICT (id) DO UPDATE SET name = excluded.name",
      "MERGE INTO t USING (SELECT 2 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = 'm'",
      'INSERT INTO t VALUES (600, \'v\')',
      'UPDATE t SET name = name',
    ].join(';\n');
    const result = await run(server.url(), base(), [file('checked.sql', sql)]);
    const executions = executionsOf(result);
    // The last UPDATE counts what the others left: each ran exactly once (100 - 5 + 20 + 1 + 1 rows).
    expect(executions.map((e) => e?.rowsAffected)).toEqual([10, 5, 20, 2, 1, 1, 117]);
    expect(executions.map((e) => e?.plan !== null)).toEqual([true, true, true, true, true, false, true]);
    expect(executions[0]?.plan).toMatchObject({ Plan: { 'Node Type': 'ModifyTable', Operation: 'Update' }, 'Execution Time': expect.any(Number) });
    expect(JSON.stringify(executions[0]?.plan)).toContain('Shared Hit Blocks');
  });
});
