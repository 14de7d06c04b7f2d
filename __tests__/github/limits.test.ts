/**
 * GitHub's limits, end to end: comment size, annotations per step, retries on 5xx and rate limits, API failures that
 * must not lose the report.
 */
import { cleanTempDirs, workflowCommands, commandName } from './harness.js';
import { BLOCKING_INDEX, MARKER, PR, scenario, stopAll, USERS } from './scenario.js';

afterAll(async () => {
  await stopAll();
  cleanTempDirs();
});

const BASE = { 'db/migrations/001_users.sql': USERS };

function indexes(count: number, prefix = 'i'): string {
  return Array.from({ length: count }, (_, i) => `CREATE INDEX ${prefix}${i} ON users (email);\n`).join('');
}

describe('limits', () => {
  test.concurrent('long statements: the comment drops their SQL to fit GitHub\'s 65,536-character limit, the summary keeps it', async () => {
    // Long statements: their SQL is what does not fit.
    const long = `'${'x'.repeat(1500)}'`;
    const sql = Array.from({ length: 60 }, (_, i) => `CREATE INDEX p${i} ON users (email) WHERE name <> ${long};\n`).join('');
    const s = await scenario(BASE, { 'db/migrations/002_partial.sql': sql });
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(run.outputs.errors).toBe('60');
    const [comment] = s.fake.commentsOn(PR);
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body.startsWith(MARKER)).toBe(true);
    expect(comment!.body).toContain('### ❌ migrascope: 60 errors');
    expect(comment!.body).toContain("Shortened to fit GitHub's comment size limit: SQL snippets are left out.");
    expect(comment!.body).toContain('| ❌ | 60 | [require-concurrent-index]'); // every finding still listed
    expect(comment!.body).not.toContain('```sql');
    expect(comment!.body).toMatch(/<!-- migrascope-run \{"run":100,/); // the footer survives
    // The summary has room for the SQL the comment left out.
    expect(run.summary).not.toContain('Shortened');
    expect(run.summary).toContain('```sql\nCREATE INDEX p59 ON users (email) WHERE name <> \'xxx');
  });

  test.concurrent('thousands of findings: the comment keeps the most severe per file, still under the limit, never failing', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, f) => [`db/migrations/${String(f + 2).padStart(3, '0')}_batch.sql`, indexes(100, `f${f}_`)]));
    const s = await scenario(BASE, files);
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(run.outputs.errors).toBe('4000');
    const [comment] = s.fake.commentsOn(PR);
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body.startsWith(MARKER)).toBe(true);
    expect(comment!.body).toContain('### ❌ migrascope: 4000 errors');
    expect(comment!.body).toContain('#### db/migrations/041\\_batch.sql');
    expect(comment!.body).toMatch(/most severe findings/);
    expect(comment!.body).toMatch(/…and \d+ more findings in this file \(not listed\)\./);
    expect(comment!.body).toContain('<code>/migrascope run</code>');
    // Nothing is lost: the log lists every finding.
    expect(run.stdout.match(/ {2}error {4}require-concurrent-index {2}/g)).toHaveLength(4000);
  });

  test.concurrent('annotations: at most 10 errors and 10 warnings, most severe first, then a notice pointing at the comment', async () => {
    const warnings = Array.from({ length: 12 }, (_, i) => [`db/migrations/${String(i + 2).padStart(3, '0')}_w.sql`, `ALTER TABLE users ADD COLUMN c${i} text;\n`]);
    const s = await scenario(BASE, { ...Object.fromEntries(warnings), 'db/migrations/100_errors.sql': `SET lock_timeout = '5s';\n${indexes(14)}` });
    const run = await s.run();
    const commands = workflowCommands(run.stdout).filter((c) => /^::(error|warning|notice) file=|^::notice /.test(c));
    const kinds = commands.map(commandName);
    expect(kinds.filter((k) => k === 'error')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'warning')).toHaveLength(10);
    // Errors come first, then warnings, then the one notice.
    expect(kinds).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning'), 'notice']);
    const notice = commands.at(-1)!;
    expect(notice).toContain('6 more findings (4 errors, 2 warnings) not shown as annotations');
    expect(notice).toContain(`The full report is in the pull request comment: ${s.fake.commentsOn(PR)[0]!.html_url}`);
  });

  test.concurrent('5xx and secondary rate limits are retried, then the run succeeds', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.failOn({ method: 'GET', path: /\/pulls\/7\/files$/, status: 502, times: 1 });
    s.fake.failOn({ method: 'GET', path: /\/issues\/7\/comments$/, status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', headers: { 'retry-after': '1' }, times: 1 });
    s.fake.failOn({ method: 'POST', path: /\/issues\/7\/comments$/, status: 429, message: 'You have exceeded a secondary rate limit', headers: { 'retry-after': '1' }, times: 1 });
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(s.fake.requests.filter((r) => /\/pulls\/7\/files$/.test(r.path)).map((r) => r.status)).toEqual([502, 200]);
    expect(s.fake.requests.filter((r) => r.method === 'POST' && /\/issues\/7\/comments$/.test(r.path)).map((r) => r.status)).toEqual([429, 201]);
    expect(s.fake.commentsOn(PR)).toHaveLength(1);
    expect(run.stdout).toContain('::warning::GitHub secondary rate limit on GET /repos/octo-org/shop/issues/7/comments: retrying in 1s');
  });

  test.concurrent('a comment API that keeps failing never loses the report: summary and log have it, the gate still decides', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.failOn({ method: 'POST', path: /\/issues\/7\/comments$/, status: 500, times: 99 });
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(s.fake.count('POST', /\/issues\/7\/comments$/)).toBe(3); // first try + 2 retries
    expect(run.stdout).toMatch(/::warning::Could not write the report comment \(HTTP 500/);
    expect(run.summary).toContain('require-concurrent-index');
    expect(run.stdout).toContain('db/migrations/002_index.sql:1:1  error    require-concurrent-index');
    expect(run.outputs).toMatchObject({ errors: '1', 'comment-url': '' });
    // The annotation overflow notice (none here) and the step failure refer to the findings, not to the API.
    expect(run.stdout).toContain('::error::migrascope: 1 error(s), 1 warning(s) (fail-on: error)');
  });

  test.concurrent('the file list failing for good stops the step with a clear message', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.failOn({ method: 'GET', path: /\/pulls\/7\/files$/, status: 404, times: 99 });
    const run = await s.run();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Cannot list the files of pull request #7 (HTTP 404');
    expect(s.fake.writes()).toEqual([]);
  });

  test.concurrent('a PR over GitHub\'s 3,000-file listing cap says the check may be incomplete', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const pull = s.fake.pulls.get(PR)!;
    pull.files = [...pull.files, ...Array.from({ length: 3100 }, (_, i) => ({ filename: `assets/${i}.png`, status: 'added' }))];
    const run = await s.run({ changedFiles: 3101 });
    expect(s.fake.count('GET', /\/pulls\/7\/files$/)).toBe(30);
    expect(run.stdout).toContain('::warning::This pull request changes more than 3,000 files');
    expect(s.fake.commentsOn(PR)[0]!.body).toContain('> [!WARNING]\n> This pull request changes more than 3,000 files');
  });
});
