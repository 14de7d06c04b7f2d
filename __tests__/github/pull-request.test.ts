/**
 * The bundled action on pull_request events, end to end: sticky comment, summary, annotations, outputs, gating.
 * Scenarios are independent (own fake GitHub, own repository), so they run concurrently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cleanTempDirs, runAction, webhookExample } from './harness.js';
import { BLOCKING_INDEX, CLEAN, MARKER, PR, scenario, stopAll, USERS, WARNING_ONLY } from './scenario.js';

afterAll(async () => {
  await stopAll();
  cleanTempDirs();
});

const BASE = { 'db/migrations/001_users.sql': USERS, 'README.md': '# shop\n' };

describe('pull_request', () => {
  test.concurrent('first run creates the comment, with the report in comment, summary, annotations and outputs', async () => {
    // 150 other files first, so the migration is on the second page of pulls.listFiles.
    const others = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`docs/page-${String(i).padStart(3, '0')}.md`, `page ${i}\n`]));
    const s = await scenario(BASE, { ...others, 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run();
    expect(run.code).toBe(1); // an error, fail-on: error
    expect(s.fake.count('GET', /\/pulls\/7\/files$/)).toBe(2);

    const comments = s.fake.commentsOn(PR);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('### ❌ migrascope: 1 error, 1 warning');
    expect(body).toContain('#### db/migrations/002\\_index.sql');
    expect(body).toContain('[require-concurrent-index](https://github.com/migrascope/migrascope/blob/main/docs/rules/require-concurrent-index.md)');
    expect(body).toContain('CREATE INDEX CONCURRENTLY'); // the safe recipe
    expect(body).toContain(`commit ${s.repo.headSha.slice(0, 7)}`);
    expect(body).toContain('<code>/migrascope run</code>');
    // Only the changed file is checked; the base migration built the schema.
    expect(body).not.toContain('001\\_users');
    expect(body).toContain('1 migration file checked');

    expect(run.summary).toContain('### ❌ migrascope: 1 error, 1 warning');
    expect(run.outputs).toMatchObject({ findings: '2', errors: '1', warnings: '1', 'highest-severity': 'error', 'comment-url': comments[0]!.html_url });
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8'));
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['db/migrations/002_index.sql']);
    expect(run.stdout).toMatch(/^::error file=db\/migrations\/002_index\.sql,line=1,col=1,endLine=1,endColumn=\d+,title=migrascope require-concurrent-index::/m);
    expect(run.stdout).toMatch(/^::warning file=db\/migrations\/002_index\.sql,.*title=migrascope require-lock-timeout::/m);
    expect(run.stdout).toContain('::error::migrascope: 1 error(s), 1 warning(s) (fail-on: error)');
  });

  test.concurrent('second run updates the same comment in place', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const first = await s.run({ runId: 100 });
    expect(first.code).toBe(1);
    const [comment] = s.fake.commentsOn(PR);
    const created = s.fake.count('POST', /\/issues\/7\/comments$/);
    // The author fixes the migration; the same PR is checked again.
    s.fake.pulls.get(PR)!.files = [{ filename: 'db/migrations/002_index.sql', status: 'added' }];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${s.repo.dir}/db/migrations/002_index.sql`, "SET lock_timeout = '5s';\nCREATE TABLE audit (id bigint PRIMARY KEY);\n");
    const second = await s.run({ runId: 101, action: 'synchronize' });
    expect(second.code).toBe(0);
    expect(s.fake.count('POST', /\/issues\/7\/comments$/)).toBe(created);
    expect(s.fake.count('PATCH', /\/issues\/comments\/\d+$/)).toBe(1);
    const comments = s.fake.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.id).toBe(comment!.id);
    expect(comments[0]!.body).toContain('### ✅ migrascope: No problems');
    expect(comments[0]!.body).toContain('"run":101');
  });

  test.concurrent('two runs at once end with one comment: the oldest is kept', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    // Both runs list the comments before either creates one, so both create.
    s.fake.holdUntil('GET', /\/issues\/7\/comments$/, 2);
    const [a, b] = await Promise.all([s.run({ runId: 200 }), s.run({ runId: 201 })]);
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(s.fake.count('POST', /\/issues\/7\/comments$/)).toBe(2);
    const comments = s.fake.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(s.fake.createdIds).toHaveLength(2);
    expect(comments[0]!.id).toBe(Math.min(...s.fake.createdIds));
    expect(s.fake.count('DELETE', /\/issues\/comments\/\d+$/)).toBeGreaterThanOrEqual(1);
    // Whatever the order, the comment holds the newer run's report.
    expect(comments[0]!.body).toContain('"run":201');
    expect(a.outputs['comment-url']).toBe(comments[0]!.html_url);
    expect(b.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  test.concurrent('a comment with the marker written by someone else is never touched', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const forged = s.fake.addComment(PR, `${MARKER}\n### ✅ migrascope: No problems (trust me)`, { login: 'mallory', type: 'User' });
    const run = await s.run();
    expect(run.code).toBe(1);
    const comments = s.fake.commentsOn(PR);
    expect(comments).toHaveLength(2);
    expect(comments.find((c) => c.id === forged.id)!.body).toBe(`${MARKER}\n### ✅ migrascope: No problems (trust me)`);
    expect(s.fake.count('PATCH', new RegExp(`/issues/comments/${forged.id}$`))).toBe(0);
    expect(s.fake.count('DELETE', new RegExp(`/issues/comments/${forged.id}$`))).toBe(0);
    expect(comments.find((c) => c.id !== forged.id)!.user.login).toBe('github-actions[bot]');
    expect(run.stdout).toContain('not written by github-actions[bot]');
  });

  test.concurrent('identity falls back to github-actions[bot] when GraphQL and GET /user both refuse', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.viewer = null;
    const ours = s.fake.addComment(PR, `${MARKER}\nold report\n<!-- migrascope-run {"run":1,"sha":"abc"} -->`);
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(s.fake.commentsOn(PR)).toHaveLength(1);
    expect(s.fake.commentsOn(PR)[0]!.id).toBe(ours.id);
    expect(s.fake.commentsOn(PR)[0]!.body).toContain('require-concurrent-index');
    expect(s.fake.count('GET', /^\/user$/)).toBe(1);
  });

  test.concurrent('duplicates left by earlier races are cleaned up, keeping the oldest', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const oldest = s.fake.addComment(PR, `${MARKER}\nfirst`);
    s.fake.addComment(PR, `${MARKER}\nsecond`);
    s.fake.addComment(PR, `${MARKER}\nthird`);
    await s.run();
    const comments = s.fake.commentsOn(PR);
    expect(comments.map((c) => c.id)).toEqual([oldest.id]);
    expect(comments[0]!.body).toContain('require-concurrent-index');
  });

  test.concurrent('a run never overwrites the report of a newer run', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const newer = `${MARKER}\nnewer report\n<!-- migrascope-run {"run":999,"sha":"abc"} -->\n`;
    s.fake.addComment(PR, newer);
    const run = await s.run({ runId: 500 });
    expect(run.code).toBe(1); // still gates on its own findings
    expect(s.fake.commentsOn(PR)[0]!.body).toBe(newer);
    expect(s.fake.count('PATCH', /comments/)).toBe(0);
  });

  test.concurrent('fork PR: the comment is refused (403); summary and annotations carry the report and the step still gates', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.failOn({ method: 'POST', path: /\/issues\/7\/comments$/, status: 403, message: 'Resource not accessible by integration', times: 99 });
    const run = await s.run({ fork: true });
    expect(run.code).toBe(1);
    expect(s.fake.commentsOn(PR)).toHaveLength(0);
    expect(run.stdout).toMatch(/::warning::Cannot write the report comment: the token is read-only \(HTTP 403/);
    expect(run.stdout).toContain('pull requests from forks (this is one)');
    expect(run.summary).toContain('### ❌ migrascope: 1 error, 1 warning');
    expect(run.stdout).toMatch(/^::error file=db\/migrations\/002_index\.sql/m);
    expect(run.outputs['comment-url']).toBe('');
    expect(run.outputs.errors).toBe('1');
    // The report is in the log too.
    expect(run.stdout).toContain('db/migrations/002_index.sql:1:1  error    require-concurrent-index');
  });

  test.concurrent('no migration changed and no earlier comment: fast, quiet, no writes', async () => {
    const s = await scenario(BASE, { 'README.md': '# shop, now with docs\n', 'src/app.ts': 'export {};\n' });
    const run = await s.run();
    expect(run.code).toBe(0);
    expect(s.fake.writes()).toEqual([]);
    // Only reads: the files, and the comments (an earlier report would have to be replaced).
    expect(s.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/octo-org/shop/pulls/7/files', 'GET /repos/octo-org/shop/issues/7/comments']);
    expect(run.summary).toBe('');
    expect(run.outputs).toMatchObject({ findings: '0', errors: '0', warnings: '0', 'highest-severity': 'none', 'comment-url': '' });
    // Later steps can rely on the report files: an empty report, not a missing file.
    expect(JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8'))).toMatchObject({ files: [], summary: { errors: 0, warnings: 0, infos: 0 } });
    expect(run.stdout).not.toMatch(/^::(error|warning|notice)/m);
    expect(run.ms).toBeLessThan(10_000);
  });

  test.concurrent('no migration changed any more: the earlier report is replaced, not left stale', async () => {
    const s = await scenario(BASE, { 'README.md': '# shop, now with docs\n' });
    const earlier = s.fake.addComment(PR, `${MARKER}\n### ❌ migrascope: 1 error\n<!-- migrascope-run {"run":1,"sha":"abc"} -->`);
    // The PR touches the migration folder, but only with a file that is not a migration: nothing to check.
    s.fake.pulls.get(PR)!.files.push({ filename: 'db/migrations/README.md', status: 'added' });
    const run = await s.run();
    expect(run.code).toBe(0);
    const [comment] = s.fake.commentsOn(PR);
    expect(comment!.id).toBe(earlier.id);
    expect(comment!.body.startsWith(MARKER)).toBe(true);
    expect(comment!.body).toContain('### ✅ migrascope: no migration files changed');
    expect(s.fake.count('POST', /comments/)).toBe(0);
  });

  test.concurrent('removed, renamed and edited migrations of the base branch are flagged', async () => {
    const s = await scenario(
      { ...BASE, 'db/migrations/002_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n', 'db/migrations/003_items.sql': 'CREATE TABLE items (id bigint PRIMARY KEY);\n', 'db/migrations/004_tags.sql': 'CREATE TABLE tags (id bigint PRIMARY KEY);\n' },
      {
        'db/migrations/002_orders.sql': null,
        'db/migrations/005_items.sql': { from: 'db/migrations/003_items.sql' },
        'db/migrations/004_tags.sql': 'CREATE TABLE tags (id bigint PRIMARY KEY, label text);\n',
      },
    );
    const run = await s.run({ inputs: { 'fail-on': 'warning' } });
    expect(run.code).toBe(1);
    const body = s.fake.commentsOn(PR)[0]!.body;
    expect(body).toContain('The pull request removes a migration that is already on the base branch');
    expect(body).toContain('db/migrations/002\\_orders.sql');
    expect(body).toContain('Renamed from db/migrations/003\\_items.sql');
    expect(body).toContain('the pull request edits it');
    expect(body.match(/\[migration-history\]/g)).toHaveLength(3);
    expect(run.outputs.warnings).toBe('3');
  });

  test.concurrent('each fail-on level: exit code and outputs', async () => {
    const warn = await scenario(BASE, { 'db/migrations/002_nick.sql': WARNING_ONLY });
    const err = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const clean = await scenario(BASE, { 'db/migrations/002_audit.sql': `SET lock_timeout = '5s';\n${CLEAN}` });
    const [warnOnError, warnOnWarning, errOnNever, errOnWarning, cleanOnWarning] = await Promise.all([
      warn.run({ inputs: { 'fail-on': 'error' }, runId: 1 }),
      warn.run({ inputs: { 'fail-on': 'warning' }, runId: 2 }),
      err.run({ inputs: { 'fail-on': 'never' }, runId: 3 }),
      err.run({ inputs: { 'fail-on': 'warning' }, runId: 4 }),
      clean.run({ inputs: { 'fail-on': 'warning' }, runId: 5 }),
    ]);
    expect(warnOnError.code).toBe(0);
    expect(warnOnError.outputs).toMatchObject({ errors: '0', warnings: '1', 'highest-severity': 'warning' });
    expect(warnOnWarning.code).toBe(1);
    expect(warnOnWarning.stdout).toContain('::error::migrascope: 0 error(s), 1 warning(s) (fail-on: warning)');
    expect(errOnNever.code).toBe(0);
    expect(errOnNever.outputs).toMatchObject({ errors: '1', 'highest-severity': 'error' });
    expect(errOnWarning.code).toBe(1);
    expect(cleanOnWarning.code).toBe(0);
    expect(cleanOnWarning.outputs).toMatchObject({ findings: '0', 'highest-severity': 'none' });
    expect(clean.fake.commentsOn(PR)[0]!.body).toContain('### ✅ migrascope: No problems');
  });

  test.concurrent('a bad fail-on input fails the step with a message naming it, before any API call', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run({ inputs: { 'fail-on': 'warnings' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input fail-on: fail-on "warnings" is not one of error, warning, never');
    expect(s.fake.requests).toEqual([]);
  });

  test.concurrent('SARIF file and report JSON are written when asked, also when there is nothing to check', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const quiet = await scenario(BASE, { 'README.md': 'docs only\n' });
    const [run, none] = await Promise.all([s.run({ inputs: { 'sarif-file': 'out/migrascope.sarif' } }), quiet.run({ inputs: { 'sarif-file': 'out/migrascope.sarif' } })]);
    const sarif = JSON.parse(readFileSync(`${s.repo.dir}/out/migrascope.sarif`, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['require-concurrent-index', 'require-lock-timeout']);
    expect(existsSync(run.outputs['report-json']!)).toBe(true);
    // upload-sarif fails on a missing file: an empty result set keeps that step green.
    expect(none.code).toBe(0);
    expect(JSON.parse(readFileSync(`${quiet.repo.dir}/out/migrascope.sarif`, 'utf8')).runs[0].results).toEqual([]);
  });

  test.concurrent('comment: false posts nothing and still reports and gates', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run({ inputs: { comment: 'false' } });
    expect(run.code).toBe(1);
    expect(s.fake.writes()).toEqual([]);
    expect(run.summary).toContain('require-concurrent-index');
  });

  test.concurrent('the migrations input takes globs and exclusions', async () => {
    const s = await scenario(
      { 'services/billing/migrations/001_users.sql': USERS, 'services/billing/migrations/seed/dev.sql': 'INSERT INTO users VALUES (1);\n' },
      { 'services/billing/migrations/002_index.sql': BLOCKING_INDEX, 'services/billing/migrations/seed/dev.sql': 'DELETE FROM users;\n' },
    );
    const run = await s.run({ inputs: { migrations: 'services/*/migrations\n!**/seed/**' } });
    expect(run.code).toBe(1);
    const body = s.fake.commentsOn(PR)[0]!.body;
    expect(body).toContain('services/billing/migrations/002\\_index.sql');
    expect(body).not.toContain('seed');
  }, 60_000);

  test.concurrent('a migrations input that does not exist fails with its name', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run({ inputs: { migrations: 'db/migratoins' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::migrations: "db/migratoins" does not exist in the checkout');
    expect(s.fake.writes()).toEqual([]);
  });

  test.concurrent('a database-url without a port is refused with a hint, and its password never reaches the log', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run({ inputs: { 'database-url': 'postgres://postgres:s3cret-passw0rd@localhost:/postgres' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('has an empty port');
    // The runner hides masked values from every later line; the message itself redacts the password too.
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('::add-mask::'))).toEqual(['::add-mask::postgres://postgres:s3cret-passw0rd@localhost:/postgres', '::add-mask::s3cret-passw0rd']);
    expect(lines.filter((l) => l.includes('s3cret-passw0rd') && !l.startsWith('::add-mask::'))).toEqual([]);
    expect(run.stdout).toContain('"postgres://postgres:***@localhost:/postgres"');
  });

  test.concurrent('a valid database-url is accepted and masked', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await s.run({ inputs: { 'database-url': 'postgres://postgres:postgres@localhost:55432/postgres' } });
    expect(run.stdout).not.toContain('input database-url');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual(['::add-mask::postgres://postgres:postgres@localhost:55432/postgres']);
  });

  test.concurrent('auto-detects the usual folders when migrations is not set', async () => {
    const s = await scenario({ 'prisma/migrations/20240101000000_init/migration.sql': USERS, 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' }, {
      'prisma/migrations/20240201000000_index/migration.sql': BLOCKING_INDEX,
    });
    const run = await s.run();
    expect(run.code).toBe(1);
    const body = s.fake.commentsOn(PR)[0]!.body;
    expect(body).toContain('prisma/migrations/20240201000000\\_index/migration.sql');
    expect(body).toContain('<sub>prisma · transaction: implicit</sub>');
  });

  test.concurrent('other events (push): the whole history is checked as one change, nothing is posted', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX, 'db/migrations/003_nick.sql': WARNING_ONLY });
    const run = await runAction({ fake: s.fake, cwd: s.repo.dir, eventName: 'push', payload: webhookExample('push'), sha: s.repo.headSha });
    expect(s.fake.requests).toEqual([]);
    expect(run.summary).toContain('3 migration files checked');
    // users is created in the same change, so indexing and altering it are fine.
    expect(run.outputs).toMatchObject({ findings: '0', 'comment-url': '' });
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')).files.map((f: { path: string }) => f.path)).toEqual([
      'db/migrations/001_users.sql',
      'db/migrations/002_index.sql',
      'db/migrations/003_nick.sql',
    ]);
  });
});
