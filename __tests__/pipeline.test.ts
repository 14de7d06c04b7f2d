import { defaultOptions, type Options } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { memoryFs } from './helpers/memory-fs.js';

// Lock-timeout hygiene would fire on every example here; these tests are about the flow, not that rule.
const run = (files: Record<string, string>, options: Partial<Options>) =>
  runPipeline({ ...defaultOptions(), rules: { 'require-lock-timeout': 'off' }, ...options }, { fs: memoryFs(files) });
const brief = (report: Awaited<ReturnType<typeof run>>['report']) =>
  report.files.map((f) => ({ path: f.path, findings: f.findings.map((x) => `${x.line} ${x.ruleId}`) }));

test('base migrations build the schema; only the checked files are reported', async () => {
  const files = {
    'db/001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);',
    'db/002_index.sql': 'CREATE INDEX users_email_idx ON users (email);',
    'db/003_new_table.sql': 'CREATE TABLE audit (id bigint);\nCREATE INDEX audit_id_idx ON audit (id);',
  };
  const { report } = await run(files, { paths: ['db/002_index.sql', 'db/003_new_table.sql'], base: ['db'] });
  expect(brief(report)).toEqual([
    { path: 'db/002_index.sql', findings: ['1 require-concurrent-index'] },
    { path: 'db/003_new_table.sql', findings: [] },
  ]);
  expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
});

test('files of one change see each other: a table created in an earlier checked file is new', async () => {
  const files = { 'm/1.sql': 'CREATE TABLE t (id int);', 'm/2.sql': 'CREATE INDEX t_id ON t (id);' };
  const { report } = await run(files, { paths: ['m'] });
  expect(brief(report).flatMap((f) => f.findings)).toEqual([]);
});

test('a down file given explicitly is noted, not checked, unless include-down is set', async () => {
  const files = {
    'migrations/000001_t.up.sql': 'CREATE TABLE t (id int);',
    'migrations/000001_t.down.sql': 'CREATE INDEX i ON other (x);',
  };
  const skipped = await run(files, { paths: ['migrations/000001_t.down.sql'] });
  expect(brief(skipped.report)).toEqual([{ path: 'migrations/000001_t.down.sql', findings: ['1 migration-format'] }]);
  const linted = await run(files, { paths: ['migrations/000001_t.down.sql'], includeDown: true });
  expect(brief(linted.report)).toEqual([{ path: 'migrations/000001_t.down.sql', findings: ['1 require-concurrent-index'] }]);
});

test('a down file never changes the schema the next up file is checked against', async () => {
  const files = {
    'migrations/000001_t.up.sql': 'CREATE TABLE t (id int);',
    'migrations/000001_t.down.sql': 'DROP TABLE t;',
    'migrations/000002_i.up.sql': 'CREATE INDEX t_id ON t (id);',
  };
  const { report } = await run(files, { paths: ['migrations'], includeDown: true });
  // t was created in this change, so the index on it is fine: the down file's DROP must not have hidden it.
  expect(brief(report).flatMap((f) => f.findings)).toEqual([]);
});

test('a base file that does not parse is a note, and checking goes on', async () => {
  const files = { 'base/1.sql': 'CREATE TABL t (id int);', 'm/2.sql': 'SELECT 1;' };
  const { report } = await run(files, { paths: ['m'], base: ['base'] });
  expect(report.notes.map((n) => `${n.file}:${n.line} ${n.ruleId} ${n.severity}`)).toEqual(['base/1.sql:1 syntax-error warning']);
  expect(report.files).toHaveLength(1);
});

describe('with the database run', () => {
  // Imported here so the static tests above never load the database code.
  const withRun = async (files: Record<string, string>, options: Partial<Options>) => {
    const { runMigrations } = await import('../src/run/index.js');
    return runPipeline({ ...defaultOptions(), rules: { 'require-lock-timeout': 'off' }, ...options }, { fs: memoryFs(files), runMigrations });
  };

  test('a statement that fails on the before-state is reported with its SQLSTATE, and static findings are confirmed', async () => {
    const files = {
      'base/1.sql': "CREATE TABLE users (id bigint PRIMARY KEY, email text); INSERT INTO users VALUES (1, NULL);",
      'm/2.sql': 'CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    };
    const { report } = await withRun(files, { paths: ['m'], base: ['base'] });
    expect(report.run).toMatchObject({ database: 'embedded', baseFiles: 1, status: 'completed' });
    const findings = report.files[0].findings.map((f) => `${f.line} ${f.ruleId} ${f.confirmedByRun ?? '-'}`);
    expect(findings).toEqual(['1 require-concurrent-index true', '2 set-not-null -', '2 run-statement-failed -']);
    expect(report.files[0].findings.find((f) => f.ruleId === 'run-statement-failed')!.message).toContain('23502');
    expect(report.files[0].statements[0].execution!.locks).toContainEqual(expect.objectContaining({ relation: 'public.users', mode: 'ShareLock' }));
  });

  test('templated migrations are not run, and the report says so', async () => {
    const { report } = await withRun({ 'm/V1__x.sql': 'ALTER TABLE ${schema}.users ADD COLUMN x int;' }, { paths: ['m'], format: 'flyway' });
    expect(report.run).toBeNull();
    expect(report.notes.map((n) => n.message)).toEqual([expect.stringContaining('Not run on PostgreSQL: this migration holds template placeholders')]);
  });

  test('a run that cannot start still gives the static report, with the reason', async () => {
    const { report } = await withRun({ 'm/1.sql': 'CREATE INDEX i ON t (a);' }, { paths: ['m'], databaseUrl: 'postgres://u:p@203.0.113.9:5432/db' });
    expect(report.run).toMatchObject({ status: 'failed' });
    expect(report.run!.error).toMatch(/not a loopback or private address|allow-remote/i);
    expect(report.files[0].findings.map((f) => f.ruleId)).toEqual(['require-concurrent-index']);
  });
});

test('a schema dump is the before-state, statically and on the database', async () => {
  const { runMigrations } = await import('../src/run/index.js');
  // The shape pg_dump writes: psql meta-commands, session settings, an emptied search_path, qualified names.
  const dump = [
    '\\restrict abc123',
    'SET statement_timeout = 0;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    'CREATE TABLE public.accounts (id bigint NOT NULL, email text);',
    'ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);',
    '\\unrestrict abc123',
  ].join('\n');
  const files = { 'structure.sql': dump, 'm/1.sql': 'ALTER TABLE accounts ALTER COLUMN id TYPE int;' };
  const { report } = await runPipeline(
    { ...defaultOptions(), paths: ['m'], schema: 'structure.sql', rules: { 'require-lock-timeout': 'off' } },
    { fs: memoryFs(files), runMigrations },
  );
  expect(report.notes).toEqual([]);
  expect(report.run).toMatchObject({ status: 'completed', baseFiles: 1 });
  // Unqualified names resolve again after the dump (search_path reset), and the rewrite is measured.
  const [finding] = report.files[0].findings;
  expect(finding).toMatchObject({ ruleId: 'change-column-type', confirmedByRun: true });
  expect(report.files[0].statements[0].execution!.rewrites).toContain('public.accounts');
});

test('with seeded rows, a change that only fails on data fails in the run, confirming the static finding', async () => {
  const { runMigrations } = await import('../src/run/index.js');
  const files = {
    'base/1.sql': 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);',
    'm/2.sql': 'ALTER TABLE users ADD COLUMN plan text NOT NULL;',
  };
  const run = (seedRows: number) =>
    runPipeline({ ...defaultOptions(), paths: ['m'], base: ['base'], seedRows, rules: { 'require-lock-timeout': 'off' } }, { fs: memoryFs(files), runMigrations });
  const empty = (await run(0)).report;
  expect(empty.files[0].findings.map((f) => f.ruleId)).toEqual(['add-not-null-without-default']);
  expect(empty.run!.seed).toBeNull();
  const seeded = (await run(500)).report;
  expect(seeded.run!.seed).toMatchObject({ tables: 1, rows: 500, notes: [] });
  expect(seeded.files[0].findings).toEqual([
    expect.objectContaining({ ruleId: 'add-not-null-without-default', confirmedByRun: true, message: expect.stringContaining('SQLSTATE 23502') }),
  ]);
});

test('production sizes, queries and the schema diff: estimates beside measurements, plan changes, what changed', async () => {
  const { runMigrations } = await import('../src/run/index.js');
  const files = {
    'base/1.sql': [
      'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, name text);',
      'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total int NOT NULL);',
      'CREATE INDEX orders_user_id_idx ON orders (user_id);',
    ].join('\n'),
    'm/2.sql': ['ALTER TABLE orders ALTER COLUMN total TYPE bigint;', 'DROP INDEX orders_user_id_idx;', 'ALTER TABLE users RENAME COLUMN name TO full_name;'].join('\n'),
    'queries.sql': ['-- name: orders_of_user', '-- params: 42', 'SELECT id FROM orders WHERE user_id = $1;', '', '-- name: user_name', 'SELECT name FROM users WHERE id = 1;', ''].join('\n'),
  };
  const { report } = await runPipeline(
    {
      ...defaultOptions(),
      paths: ['m'],
      base: ['base'],
      seedRows: 20_000,
      productionRows: { default: null, perTable: { orders: 50_000_000 } },
      queries: ['queries.sql'],
      rules: { 'require-lock-timeout': 'off' },
    },
    { fs: memoryFs(files), runMigrations },
  );
  expect(report.run).toMatchObject({ status: 'completed', productionRowsFrom: expect.stringContaining('production-rows') });
  const [rewrite, dropIndex, rename] = report.files[0].statements.map((s) => s.execution!);
  expect(rewrite.estimate).toMatchObject({ table: 'public.orders', rows: 50_000_000, method: 'linear' });
  expect(rewrite.estimate!.durationMs).toBeGreaterThan(rewrite.durationMs);
  // Dropping an index and renaming a column do no work that grows with the table.
  expect([dropIndex.estimate ?? null, rename.estimate ?? null]).toEqual([null, null]);

  expect(report.queries.map((q) => [q.name, q.verdict])).toEqual([
    ['orders_of_user', 'regressed'],
    ['user_name', 'regressed'],
  ]);
  expect(report.queries[1].after!.error).toMatchObject({ sqlstate: '42703' });
  const ruleIds = [...report.notes, ...report.files[0].findings].map((f) => f.ruleId);
  expect(ruleIds).toEqual(expect.arrayContaining(['run-query-lost-index', 'run-query-broken']));

  expect(report.schemaDiff).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'index', name: 'public.orders_user_id_idx', change: 'dropped' }),
      expect.objectContaining({ kind: 'column', change: 'changed', before: expect.stringContaining('integer'), after: expect.stringContaining('bigint') }),
    ]),
  );
});

test('a stats file or queries file that is not valid stops with file:line before anything runs', async () => {
  const files = { 'm/1.sql': 'SELECT 1;', 'q.sql': '-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n', 'stats.json': '{ "migrascopeStats": 7 }' };
  const { runMigrations } = await import('../src/run/index.js');
  const options = { ...defaultOptions(), paths: ['m'], rules: { 'require-lock-timeout': 'off' } } as Options;
  await expect(runPipeline({ ...options, queries: ['q.sql'] }, { fs: memoryFs(files), runMigrations })).rejects.toThrow(/^q\.sql:3: /);
  await expect(runPipeline({ ...options, stats: 'stats.json' }, { fs: memoryFs(files), runMigrations })).rejects.toThrow(/^stats\.json:1: /);
  await expect(runPipeline({ ...options, stats: 'missing.json' }, { fs: memoryFs(files), runMigrations })).rejects.toThrow('Cannot read stats file missing.json');
});
