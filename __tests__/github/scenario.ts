/** Shared set-up for the end-to-end scenarios: a fake GitHub, a fixture repository and a PR on it. */
import { FakeGitHub } from './fake-github.js';
import { fixtureRepo, pullRequestPayload, runAction, type ActionRun, type FixtureRepo } from './harness.js';

export const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\n';
/** require-concurrent-index (error) and require-lock-timeout (warning). */
export const BLOCKING_INDEX = 'CREATE INDEX users_email_idx ON users (email);\n';
/** require-lock-timeout only (warning). */
export const WARNING_ONLY = 'ALTER TABLE users ADD COLUMN nick text;\n';
/** Nothing to report: a new table. */
export const CLEAN = 'CREATE TABLE audit (id bigint PRIMARY KEY, body text);\n';

export const PR = 7;

export interface Scenario {
  fake: FakeGitHub;
  repo: FixtureRepo;
  run(options?: { inputs?: Record<string, string>; runId?: number; fork?: boolean; action?: string; changedFiles?: number }): Promise<ActionRun>;
}

const started: FakeGitHub[] = [];

export async function scenario(base: Record<string, string>, pr: Parameters<typeof fixtureRepo>[1]): Promise<Scenario> {
  const fake = await new FakeGitHub().start();
  started.push(fake);
  const repo = fixtureRepo(base, pr);
  fake.pulls.set(PR, { number: PR, headSha: repo.headSha, headRepo: `${fake.owner}/${fake.repo}`, files: repo.files });
  return {
    fake,
    repo,
    run: (options = {}) =>
      runAction({
        fake,
        cwd: repo.dir,
        eventName: 'pull_request',
        payload: pullRequestPayload(fake, PR, repo.headSha, { fork: options.fork, action: options.action, changedFiles: options.changedFiles }),
        inputs: options.inputs,
        runId: options.runId,
      }),
  };
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((f) => f.stop()));
}

/** The marker renderMarkdown starts every report with. */
export const MARKER = '<!-- migrascope-report -->';

export function debugRun(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
