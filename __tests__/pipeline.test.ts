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
