/**
 * Comment-triggered re-runs (`/migrascope run …` on issue_comment), end to end against the bundled action.
 */
import { checkout, cleanTempDirs, commentPayload, runAction } from './harness.js';
import { BLOCKING_INDEX, MARKER, PR, scenario, stopAll, USERS, type Scenario } from './scenario.js';

afterAll(async () => {
  await stopAll();
  cleanTempDirs();
});

const BASE = { 'db/migrations/001_users.sql': USERS };
const COMMENT_ID = 4242;

async function comment(s: Scenario, body: string, author: string, options: { onPullRequest?: boolean; runId?: number; inputs?: Record<string, string> } = {}) {
  return runAction({
    fake: s.fake,
    cwd: s.repo.dir,
    eventName: 'issue_comment',
    payload: commentPayload(s.fake, PR, body, author, options.onPullRequest ?? true),
    runId: options.runId ?? 300,
    // issue_comment runs on the default branch: GITHUB_SHA is not the PR head.
    sha: s.repo.baseSha,
    inputs: options.inputs,
  });
}

describe('issue_comment re-runs', () => {
  test.concurrent('a maintainer re-runs with parameters: same sticky comment, reactions, commit status on the head from pulls.get', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'maintain' });
    const earlier = s.fake.addComment(PR, `${MARKER}\nold\n<!-- migrascope-run {"run":50,"sha":"abc"} -->`);
    const run = await comment(s, '/migrascope run seed-rows=0 pg-version=16 fail-on=warning\n\nplease', 'alice');
    expect(run.code).toBe(1);
    expect(s.fake.count('GET', /\/collaborators\/alice\/permission$/)).toBe(1);
    expect(s.fake.count('GET', /\/pulls\/7$/)).toBe(1);
    expect(s.fake.reactions).toEqual([
      { commentId: COMMENT_ID, content: 'eyes' },
      { commentId: COMMENT_ID, content: 'rocket' },
    ]);
    const comments = s.fake.commentsOn(PR);
    expect(comments.map((c) => c.id)).toEqual([earlier.id]);
    const body = comments[0]!.body;
    expect(body).toContain('Re-run requested by alice with seed-rows=0 pg-version=16 fail-on=warning.');
    expect(body).toContain('PostgreSQL 16');
    expect(body).toContain('fail-on: warning');
    expect(s.fake.statuses.map((st) => [st.sha, st.state, st.context])).toEqual([
      [s.repo.headSha, 'pending', 'migrascope'],
      [s.repo.headSha, 'failure', 'migrascope'],
    ]);
    expect(s.fake.statuses[1]!.description).toBe('1 error, 1 warning (fail-on: warning)');
    expect(s.fake.statuses[1]!.target_url).toBe(comments[0]!.html_url);
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  test.concurrent('a passing re-run sets success and reacts with a rocket', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('root', { permission: 'admin', role_name: 'admin' });
    const run = await comment(s, '/migrascope run fail-on=never', 'root');
    expect(run.code).toBe(0);
    expect(s.fake.statuses.at(-1)).toMatchObject({ state: 'success', description: '1 error, 1 warning (fail-on: never)' });
    expect(s.fake.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    expect(s.fake.commentsOn(PR).filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
  });

  test.concurrent('someone with read (triage) access gets a short reply and nothing runs, whatever author_association says', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('trina', { permission: 'read', role_name: 'triage' });
    const run = await comment(s, '/migrascope run', 'trina');
    expect(run.code).toBe(0);
    expect(s.fake.count('GET', /\/pulls\//)).toBe(0);
    expect(s.fake.statuses).toEqual([]);
    expect(s.fake.reactions.map((r) => r.content)).toEqual(['confused']);
    const comments = s.fake.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('only people with write access to this repository can use <code>/migrascope run</code>');
    expect(comments[0]!.body.startsWith(MARKER)).toBe(false);
    expect(run.stdout).toContain('trina asked for a re-run but has read (role triage) permission');
    expect(run.summary).toBe('');
  });

  test.concurrent('someone who is not a collaborator (404) cannot run it either', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    const run = await comment(s, '/migrascope run', 'drive-by');
    expect(run.code).toBe(0);
    expect(s.fake.count('GET', /\/pulls\//)).toBe(0);
    expect(run.stdout).toContain('not a collaborator');
  });

  test.concurrent('a comment on a plain issue is ignored quietly: no API call at all', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    const run = await comment(s, '/migrascope run', 'alice', { onPullRequest: false });
    expect(run.code).toBe(0);
    expect(s.fake.requests).toEqual([]);
    expect(run.stdout).toContain('not on a pull request');
  });

  test.concurrent('unknown commands and ordinary comments are ignored quietly', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    const runs = await Promise.all([
      comment(s, '/migrascope frobnicate', 'alice'),
      comment(s, 'LGTM, but maybe /migrascope run later', 'alice'),
      comment(s, '/migrascoperun', 'alice'),
      comment(s, '> /migrascope run', 'alice'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(s.fake.requests).toEqual([]);
    expect(runs[0]!.stdout).toContain('unknown sub-command "frobnicate"');
  });

  test.concurrent('unknown parameters are refused by name, and nothing runs', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    const run = await comment(s, '/migrascope run seed_rows=5 color=@blue pg-version=99', 'alice');
    expect(run.code).toBe(0);
    expect(s.fake.count('GET', /\/pulls\//)).toBe(0);
    expect(s.fake.reactions.map((r) => r.content)).toEqual(['confused']);
    const reply = s.fake.commentsOn(PR)[0]!.body;
    expect(reply).toContain('unknown parameters "seed\\_rows", "color"; allowed: seed-rows, production-rows, pg-version, fail-on');
    expect(reply).toContain('pg-version "99" is not supported');
    expect(reply).not.toMatch(/(^|[^&#;\w])@blue/); // echoed author text mentions no one
  });

  test.concurrent('refuses to run when the checkout is not the PR head, and says why where it was asked', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    checkout(s.repo.dir, s.repo.baseSha); // what an issue_comment workflow checks out without a ref
    const run = await comment(s, '/migrascope run', 'alice');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`::error::The checkout is at ${s.repo.baseSha.slice(0, 12)}, not at the head of pull request #7 \\(${s.repo.headSha.slice(0, 12)}\\)`));
    expect(s.fake.reactions.map((r) => r.content)).toEqual(['eyes', 'confused']);
    expect(s.fake.statuses.map((st) => st.state)).toEqual(['pending', 'error']);
    expect(s.fake.statuses[1]!.sha).toBe(s.repo.headSha);
    expect(s.fake.commentsOn(PR).filter((c) => c.body.startsWith(MARKER))).toHaveLength(0);
    expect(s.fake.commentsOn(PR).some((c) => c.body.includes('migrascope could not run: The checkout is at'))).toBe(true);
  });

  test.concurrent('a re-run with comment: false still reacts and sets the status', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    const run = await comment(s, '/migrascope run', 'alice', { inputs: { comment: 'false' } });
    expect(run.code).toBe(1);
    expect(s.fake.commentsOn(PR)).toEqual([]);
    expect(s.fake.statuses.at(-1)).toMatchObject({ state: 'failure', target_url: 'https://github.com/octo-org/shop/actions/runs/300' });
    expect(s.fake.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
  });

  test.concurrent('a custom trigger word', async () => {
    const s = await scenario(BASE, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
    s.fake.permissions.set('alice', { permission: 'write', role_name: 'write' });
    const [ours, default_] = await Promise.all([
      comment(s, '/dbcheck run', 'alice', { inputs: { command: '/dbcheck' }, runId: 301 }),
      comment(s, '/migrascope run', 'alice', { inputs: { command: '/dbcheck' }, runId: 302 }),
    ]);
    expect(ours.code).toBe(1);
    expect(default_.code).toBe(0);
    expect(s.fake.count('GET', /\/pulls\/7$/)).toBe(1);
    expect(s.fake.commentsOn(PR)[0]!.body).toContain('<code>/dbcheck run</code>');
  });
});
