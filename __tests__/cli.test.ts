import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { reportValidator } from './helpers/report-schema.js';

// The CLI as users run it: the committed bundle (a separate check keeps dist/ current with src/).
const cli = join(process.cwd(), 'dist/cli.js');
const run = promisify(execFile);

/** Static analysis only unless a test asks for the database run (each run starts a PostgreSQL server). */
async function migrascope(args: string[], cwd = process.cwd(), withRun = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = withRun || args[0] !== 'check' ? args : [...args, '--no-run'];
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...all], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrascope-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('the README quick start: examples run on an embedded PostgreSQL, risky file reported, safe file quiet', async () => {
  const { code, stdout, stderr } = await migrascope(['check', '--base', 'examples/base', 'examples/migrations'], process.cwd(), true);
  expect(code).toBe(1);
  expect(stdout).toContain('examples/migrations/002_risky_changes.sql:4:1');
  expect(stdout).toMatch(/require-concurrent-index .* Measured: SHARE on public\.orders held/);
  expect(stdout).toMatch(/change-column-type .* Measured: rewrote public\.orders/);
  expect(stdout).not.toContain('003_safe_changes.sql:');
  expect(stdout).toMatch(/Ran on PostgreSQL 17\.\d+ \(embedded\) \(1 base files\)/);
  expect(stderr).toContain('migrascope: starting the embedded PostgreSQL server');
});

test('--format json with the run fills statements[].execution and run', async () => {
  const { stdout } = await migrascope(['check', '--format', 'json', '--base', 'examples/base', 'examples/migrations/002_risky_changes.sql'], process.cwd(), true);
  const report = JSON.parse(stdout);
  const validate = reportValidator();
  expect(validate(report) || validate.errors).toBe(true);
  expect(report.run).toMatchObject({ database: 'embedded', baseFiles: 1, status: 'completed', error: null });
  const alterType = report.files[0].statements.find((s: { sql: string }) => s.sql.includes('TYPE integer'));
  expect(alterType.execution.rewrites).toContain('public.orders');
  expect(alterType.execution.locks).toContainEqual(expect.objectContaining({ relation: 'public.orders', mode: 'AccessExclusiveLock' }));
});

test('--fail-on decides the exit code', async () => {
  const dir = tempDir({ 'm/001_index.sql': 'CREATE INDEX i ON users (email);\n' });
  expect((await migrascope(['check', 'm'], dir)).code).toBe(1);
  expect((await migrascope(['check', '--fail-on', 'never', 'm'], dir)).code).toBe(0);
  const clean = tempDir({ 'm/001_ok.sql': 'CREATE INDEX CONCURRENTLY i ON users (email);\n' });
  expect((await migrascope(['check', 'm'], clean)).code).toBe(0);
});

test('--format json writes a report valid against the published schema, also via --output', async () => {
  const dir = tempDir({ 'm/001_index.sql': 'CREATE INDEX i ON users (email);\n' });
  const out = join(dir, 'report.json');
  const { code, stdout } = await migrascope(['check', '--format', 'json', '--output', out, 'm'], dir);
  expect(code).toBe(1);
  expect(stdout).toBe('');
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const validate = reportValidator();
  expect(validate(report) || validate.errors).toBe(true);
  expect(report.files[0]).toMatchObject({ path: 'm/001_index.sql', format: 'plain', transaction: 'none' });
  expect(report.files[0].findings[0]).toMatchObject({ ruleId: 'require-concurrent-index', line: 1, column: 1, origin: 'lint' });
});

test.each([
  [['check', '--format', 'xml', 'x'], '--format "xml" is not one of text, json, markdown, sarif, github'],
  [['check', '--pg-version', '8', 'x'], 'pg-version "8" is not supported'],
  [['check'], 'check needs at least one file or folder'],
  [['frobnicate'], 'unknown command "frobnicate"'],
  [['check', '--colour', 'x'], "Unknown option '--colour'"],
  [['check', '--production-rows', 'many', 'x'], '--production-rows: "many" is not a row count'],
  [['stats'], 'unknown stats command ""; expected `stats export`'],
  [['stats', 'import'], 'unknown stats command "import"'],
])('usage errors exit 2 with a one-line message: %j', async (args, message) => {
  const { code, stderr } = await migrascope(args);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('stats export needs a database URL', async () => {
  const { code, stderr } = await migrascope(['stats', 'export'], process.cwd());
  expect(code).toBe(2);
  expect(stderr).toContain('stats export needs --database-url');
});

test('at production size: stats exported from a database drive seeding and estimates; queries are planned before and after', async () => {
  const { startEmbedded } = await import('../src/run/index.js');
  const pg = (await import('pg')).default;
  const server = await startEmbedded();
  try {
    // "Production": the examples' schema with a few thousand rows, analyzed.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(readFileSync('examples/base/001_initial_schema.sql', 'utf8'));
    await client.query("INSERT INTO users (email, name) SELECT 'u' || g || '@example.com', CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 3000) g");
    await client.query("INSERT INTO orders (user_id, total, status) SELECT 1 + g % 3000, g % 500, (ARRAY['new','paid','sent'])[1 + g % 3] FROM generate_series(1, 9000) g");
    await client.query('ANALYZE');
    await client.end();
    const dir = tempDir({ 'm/002_change.sql': 'CREATE INDEX orders_status_idx ON orders (status);\nALTER TABLE users RENAME COLUMN name TO full_name;\n' });
    const statsFile = join(dir, 'stats.json');
    const exported = await migrascope(['stats', 'export', '--database-url', server.url, '--output', statsFile]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toContain('catalog statistics only');
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
    expect(stats.tables['public.orders'].rows).toBe(9000);
    expect(JSON.stringify(stats)).not.toContain('@example.com');

    const { stdout } = await migrascope(
      ['check', '--format', 'json', '--base', 'examples/base', '--stats', statsFile, '--queries', 'examples/queries.sql', join(dir, 'm')],
      process.cwd(),
      true,
    );
    const report = JSON.parse(stdout);
    const validate = reportValidator();
    expect(validate(report) || validate.errors).toBe(true);
    expect(report.run.seed).toMatchObject({ rows: 12_000 });
    expect(report.run.productionRowsFrom).toContain('stats file');
    const index = report.files[0].statements.find((s: { sql: string }) => s.sql.startsWith('CREATE INDEX orders_status_idx'));
    expect(index.execution.estimate).toMatchObject({ table: 'public.orders', rows: 9000, method: 'n-log-n' });
    const byName = Object.fromEntries(report.queries.map((q: { name: string; verdict: string }) => [q.name, q.verdict]));
    // The rename breaks the query that reads users.name.
    expect(byName.user_profile).toBe('regressed');
    expect(report.schemaDiff).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'index', name: 'public.orders_status_idx', change: 'added' })]));
  } finally {
    await server.stop();
  }
});

test('a bad config file exits 2 naming file, line and key', async () => {
  const dir = tempDir({ 'migrascope.yml': 'pg-version: 17\nfail_on: error\n', 'm/1.sql': 'SELECT 1;' });
  const { code, stderr } = await migrascope(['check', 'm'], dir);
  expect(code).toBe(2);
  expect(stderr).toContain('migrascope.yml:2: unknown key "fail_on"');
});

test('a missing path exits 2 and says which', async () => {
  const { code, stderr } = await migrascope(['check', 'no/such/dir']);
  expect(code).toBe(2);
  expect(stderr).toContain('no/such/dir');
});

test('the config file supplies paths, rules and fail-on', async () => {
  const dir = tempDir({
    'migrascope.yml': 'paths: [db]\nfail-on: warning\nrules:\n  require-concurrent-index: warning\n  require-lock-timeout: off\n',
    'db/001_index.sql': 'CREATE INDEX i ON users (email);\n',
  });
  const { code, stdout } = await migrascope(['check', '--format', 'json'], dir);
  expect(code).toBe(1);
  expect(JSON.parse(stdout).summary).toEqual({ errors: 0, warnings: 1, infos: 0 });
});

test('a syntax error is reported with its position and the rest of the file is still checked', async () => {
  const dir = tempDir({ 'm/1.sql': 'ALTER TABLE users ADD COLUMN;\nCREATE INDEX i ON users (email);\n' });
  const { stdout } = await migrascope(['check', '--format', 'json', 'm'], dir);
  const findings = JSON.parse(stdout).files[0].findings.map((f: { ruleId: string; line: number }) => `${f.line} ${f.ruleId}`);
  expect(findings.filter((f: string) => !f.endsWith('require-lock-timeout'))).toEqual(['1 syntax-error', '2 require-concurrent-index']);
});

test('rules lists every rule', async () => {
  const { code, stdout } = await migrascope(['rules']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^require-concurrent-index\s+lock\s+error\s+on\s+Require CREATE INDEX CONCURRENTLY on existing tables$/m);
});
