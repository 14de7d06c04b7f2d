/** The pure parts of the GitHub integration, called directly. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationFile } from '../../src/discover/types.js';
import { composeComment, composeNothingToCheck, GITHUB_COMMENT_LIMIT, selectAnnotations, type ReportContext } from '../../src/github/compose.js';
import { classifyEvent, pullRequestRef } from '../../src/github/event.js';
import { withCommandsStopped } from '../../src/github/log.js';
import { defaultMigrationPatterns, globToRegExp, mayBeMigration, resolveMigrationPaths } from '../../src/github/migration-paths.js';
import { scopePullRequest, type ChangedFile } from '../../src/github/pr-scope.js';
import { describeOverrides, parseCommand, parseDatabaseUrl, redactDatabaseUrl } from '../../src/github/run-parameters.js';
import { isReportBody, readStamp, stampLine } from '../../src/github/sticky-comment.js';
import { MARKDOWN_MARKER, type Finding, type Report } from '../../src/report/index.js';
import { cleanTempDirs, tempDir, webhookExample } from './harness.js';

afterAll(cleanTempDirs);

describe('parseCommand', () => {
  test('run with allowed parameters', () => {
    expect(parseCommand('/migrascope run seed-rows=0 pg-version=16 fail-on=warning', '/migrascope')).toEqual({
      kind: 'run',
      overrides: { seedRows: 0, pgVersion: 16, failOn: 'warning' },
    });
    expect(parseCommand('\n\n  /migrascope run  \nthanks!', '/migrascope')).toEqual({ kind: 'run', overrides: {} });
    expect(parseCommand('/migrascope run production-rows=80M seed-rows=1000000', '/migrascope')).toEqual({
      kind: 'run',
      overrides: { productionRows: 80_000_000, seedRows: 1_000_000 },
    });
    const bad = parseCommand('/migrascope run production-rows=lots', '/migrascope');
    expect(bad.kind === 'invalid' && bad.problems).toEqual(['"lots" is not a row count; expected e.g. 80000000, 80M or 2.5k']);
  });

  test('not addressed to us', () => {
    for (const body of ['LGTM', 'please /migrascope run', '> /migrascope run', '`/migrascope run`', '/migrascoperun', '']) {
      expect(parseCommand(body, '/migrascope')).toEqual({ kind: 'none' });
    }
  });

  test('unknown sub-commands', () => {
    expect(parseCommand('/migrascope help', '/migrascope')).toEqual({ kind: 'unknown', subcommand: 'help' });
    expect(parseCommand('/migrascope', '/migrascope')).toEqual({ kind: 'unknown', subcommand: '' });
  });

  test('unknown keys are named, bad values explained', () => {
    const parsed = parseCommand('/migrascope run database-url=postgres://evil seed-rows=-1 fail-on=warning fail-on=error verbose', '/migrascope');
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problems).toEqual([
      'unknown parameter "database-url"; allowed: seed-rows, production-rows, pg-version, fail-on',
      'seed-rows "-1" is not a whole number of rows',
      'fail-on is given twice',
      '"verbose" is not a parameter; expected key=value, e.g. seed-rows=100000',
    ]);
  });

  test('describeOverrides rebuilds the text from validated values only', () => {
    expect(describeOverrides({ seedRows: 5, pgVersion: 12, failOn: 'never' })).toBe('seed-rows=5 pg-version=12 fail-on=never');
    expect(describeOverrides({ productionRows: 80_000_000 })).toBe('production-rows=80000000');
    expect(describeOverrides({})).toBe('');
  });
});

describe('input values', () => {
  test('database-url', () => {
    expect(parseDatabaseUrl('postgres://postgres:postgres@localhost:5432/postgres')).toBe('postgres://postgres:postgres@localhost:5432/postgres');
    expect(parseDatabaseUrl('postgresql://u@db/app')).toBe('postgresql://u@db/app');
    expect(() => parseDatabaseUrl('mysql://u:pw@h/db')).toThrow('"mysql://u:***@h/db" is not a PostgreSQL URL');
    expect(() => parseDatabaseUrl('postgres://u:hunter22@localhost:/db')).toThrow(/"postgres:\/\/u:\*\*\*@localhost:\/db" has an empty port/);
    expect(() => parseDatabaseUrl('localhost:5432')).toThrow();
    expect(redactDatabaseUrl('postgres://u:p@ss@h/db')).toBe('postgres://u:***@h/db');
  });
});

describe('globs and migration folders', () => {
  test('globToRegExp', () => {
    const re = globToRegExp('services/*/db/**/*.sql');
    expect(re.test('services/a/db/x.sql')).toBe(true);
    expect(re.test('services/a/db/1/2/x.sql')).toBe(true);
    expect(re.test('services/a/b/db/x.sql')).toBe(false);
    expect(globToRegExp('db/{migrations,seeds}/V?__*.sql').test('db/seeds/V1__x.sql')).toBe(true);
    expect(globToRegExp('db/{migrations,seeds}/V?__*.sql').test('db/other/V1__x.sql')).toBe(false);
    expect(globToRegExp('**/seed/**').test('a/seed/b.sql')).toBe(true);
    expect(globToRegExp('a.sql').test('aXsql')).toBe(false);
  });

  test('resolve, default folders, and what may be a migration', () => {
    const dir = tempDir();
    for (const f of ['db/migrations/1_a.sql', 'svc/a/migrations/1.sql', 'svc/b/migrations/1.sql', 'sqitch.plan', 'deploy/x.sql', 'prisma/migrations/x/migration.sql']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    expect(defaultMigrationPatterns(dir)).toEqual(['db/migrations', 'prisma/migrations', 'deploy/**/*.sql']);
    const scope = resolveMigrationPaths(['svc/*/migrations', './db/migrations/', '!svc/b/**'], dir, 'input');
    expect(scope.roots).toEqual(['svc/a/migrations', 'svc/b/migrations', 'db/migrations']);
    expect(mayBeMigration('svc/a/migrations/2.sql', scope)).toBe(true);
    expect(mayBeMigration('svc/b/migrations/2.sql', scope)).toBe(false);
    expect(mayBeMigration('svc/c/migrations/2.sql', scope)).toBe(true); // a folder the glob covers, gone from the checkout
    expect(mayBeMigration('src/app.ts', scope)).toBe(false);
    expect(resolveMigrationPaths(['nothing/*'], dir, 'input').warnings).toEqual(['migrations: "nothing/*" matched no folder and no .sql file']);
    expect(() => resolveMigrationPaths(['db/migratoins'], dir, 'input')).toThrow('migrations: "db/migratoins" does not exist in the checkout');
  });
});

function migration(path: string, extra: Partial<MigrationFile> = {}): MigrationFile {
  return { path, format: 'plain', source: '', upSql: '', downSql: null, isDown: false, transaction: 'none', version: path, notes: [], ...extra };
}

describe('scopePullRequest', () => {
  const scope = resolveMigrationPaths([], '.', 'input');
  scope.roots.push('db/migrations');

  test('changed migrations are checked, the others replayed in order, history changes flagged', () => {
    const migrations = [
      migration('db/migrations/1_a.sql'),
      migration('db/migrations/1_a.down.sql', { isDown: true }),
      migration('db/migrations/2_b.sql'),
      migration('db/migrations/3_c.sql'),
      migration('db/migrations/4_d.sql'),
      migration('db/migrations/R__views.sql', { format: 'flyway' }),
    ];
    const changed: ChangedFile[] = [
      { path: 'db/migrations/2_b.sql', status: 'modified' },
      { path: 'db/migrations/4_d.sql', status: 'renamed', previousPath: 'db/migrations/3_old.sql' },
      { path: 'db/migrations/0_gone.sql', status: 'removed' },
      { path: 'db/migrations/0_gone.down.sql', status: 'removed' },
      { path: 'db/migrations/R__views.sql', status: 'modified' },
      { path: 'docs/x.md', status: 'removed' },
    ];
    const result = scopePullRequest(migrations, changed, scope);
    expect(result.checked).toEqual(['db/migrations/2_b.sql', 'db/migrations/4_d.sql', 'db/migrations/R__views.sql']);
    expect(result.unchanged).toEqual(['db/migrations/1_a.sql', 'db/migrations/3_c.sql']);
    expect(result.history.map((f) => [f.file, f.line, f.message.slice(0, 40)])).toEqual([
      ['db/migrations/2_b.sql', 1, 'This migration is already on the base br'],
      ['db/migrations/4_d.sql', 1, 'Renamed from db/migrations/3_old.sql, a '],
      ['', 1, 'db/migrations/0_gone.sql: The pull reque'],
    ]);
  });

  test('a migration renamed out of the migration folders counts as removed', () => {
    const result = scopePullRequest([migration('db/migrations/1_a.sql')], [{ path: 'archive/1_b.sql', status: 'renamed', previousPath: 'db/migrations/1_b.sql' }], scope);
    expect(result.checked).toEqual([]);
    // A removed file has no line to point at: the finding is a note that names it.
    expect(result.history.map((f) => [f.file, f.message.split(':')[0]])).toEqual([['', 'db/migrations/1_b.sql']]);
  });
});

function finding(severity: Finding['severity'], line: number, file = 'db/m.sql'): Finding {
  return { ruleId: `rule-${severity}`, category: 'lock', severity, message: `${severity} at ${line}`, fix: null, file, line, column: 1, endLine: line, endColumn: 2, statementIndex: null, origin: 'lint', docsUrl: null };
}

function reportWith(findings: Finding[]): Report {
  const summary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) summary[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
  return { schemaVersion: 1, tool: { name: 'migrascope', version: '0.1.0' }, pgVersion: 17, files: [{ path: 'db/m.sql', format: 'plain', transaction: 'none', statements: [], findings }], notes: [], summary, run: null, queries: [], schemaDiff: null };
}

const CTX: ReportContext = { headSha: 'a'.repeat(40), failOn: 'error', runUrl: 'https://github.com/o/r/actions/runs/1', command: '/migrascope', rerun: null, notices: [] };

describe('selectAnnotations', () => {
  test('most severe first, capped per severity, infos left to the report, a notice for the rest', () => {
    const findings = [...Array.from({ length: 12 }, (_, i) => finding('warning', i + 1)), ...Array.from({ length: 11 }, (_, i) => finding('error', 100 + i)), finding('info', 500)];
    const lines = selectAnnotations(reportWith(findings), { label: 'pull request comment', url: 'https://x/c#1' });
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual([...Array(10).fill('::error'), ...Array(10).fill('::warning'), '::notice']);
    expect(lines[0]).toContain('line=100,');
    expect(lines.at(-1)).toBe(
      '::notice title=migrascope::4 more findings (1 error, 2 warnings, 1 info) not shown as annotations; GitHub shows at most 10 errors and 10 warnings per step. The full report is in the pull request comment: https://x/c#1',
    );
  });

  test('no notice when everything fits', () => {
    expect(selectAnnotations(reportWith([finding('error', 1)]), { label: 'job summary', url: null })).toHaveLength(1);
    expect(selectAnnotations(reportWith([]), { label: 'job summary', url: null })).toEqual([]);
  });
});

describe('composeComment', () => {
  test('marker first, notices after it, footer and stamp last; the stamp reads back', () => {
    const body = composeComment(reportWith([finding('error', 1)]), { ...CTX, notices: ['Big PR'], rerun: { by: '@mallory', parameters: 'seed-rows=5' } }, { runId: 42, sha: 'a'.repeat(40) });
    expect(body.startsWith(`${MARKDOWN_MARKER}\n> [!WARNING]\n> Big PR\n\n### ❌ migrascope: 1 error`)).toBe(true);
    expect(body).toContain('<sub>Re-run requested by @&#8203;mallory with seed-rows=5.</sub>');
    expect(body).toContain('<sub>commit aaaaaaa · fail-on: error · [workflow run](https://github.com/o/r/actions/runs/1) · comment <code>/migrascope run</code> to re-run</sub>');
    expect(readStamp(body)).toEqual({ runId: 42, sha: 'a'.repeat(40) });
    expect(isReportBody(body)).toBe(true);
    expect(isReportBody(`> ${body}`)).toBe(false);
  });

  test('stays under GitHub\'s limit whatever the report holds', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...finding('error', i + 1), message: `${'long message '.repeat(20)}${i}` }));
    const body = composeComment(reportWith(many), { ...CTX, notices: ['x'.repeat(300)] }, { runId: 1, sha: 'b'.repeat(40) });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(readStamp(body)?.runId).toBe(1);
  });

  test('nothing to check replaces a stale report', () => {
    const body = composeNothingToCheck(CTX, { runId: 9, sha: 'c'.repeat(40) });
    expect(isReportBody(body)).toBe(true);
    expect(body).toContain('no longer changes any migration file as of commit aaaaaaa');
    expect(readStamp(body)?.runId).toBe(9);
  });

  test('a stamp cannot be smuggled in with a non-hex sha', () => {
    expect(stampLine({ runId: 3, sha: 'zz --> <b>' })).toBe('<!-- migrascope-run {"run":3,"sha":"b"} -->');
    expect(readStamp('<!-- migrascope-run {"run":"x"} -->')).toBeNull();
  });
});

describe('withCommandsStopped', () => {
  test('wraps the text between a stop and the matching resume line', () => {
    expect(withCommandsStopped('::set-output name=a::b', 'tok')).toBe('::stop-commands::tok\n::set-output name=a::b\n::tok::\n');
    const a = withCommandsStopped('x');
    const b = withCommandsStopped('x');
    expect(a).not.toBe(b); // a fresh token each time: the text cannot know it
  });
});

describe('classifyEvent on real payloads', () => {
  test('pull_request.opened / synchronize', () => {
    for (const action of ['opened', 'synchronize']) {
      const payload = webhookExample('pull_request', action);
      const event = classifyEvent('pull_request', payload);
      expect(event).toMatchObject({ kind: 'pull_request', action, pr: { number: payload.number, headSha: payload.pull_request.head.sha, isFork: false } });
    }
  });

  test('labels and closing change nothing to check', () => {
    expect(classifyEvent('pull_request', webhookExample('pull_request', 'closed')).kind).toBe('ignore');
    expect(classifyEvent('pull_request', webhookExample('pull_request', 'labeled')).kind).toBe('ignore');
  });

  test('issue_comment: plain issue vs pull request, edits ignored', () => {
    const payload = webhookExample('issue_comment', 'created');
    expect(classifyEvent('issue_comment', payload)).toMatchObject({ kind: 'comment', isPullRequest: false, author: payload.comment.user.login });
    payload.issue.pull_request = { url: 'https://api.github.com/repos/o/r/pulls/1' };
    expect(classifyEvent('issue_comment', payload)).toMatchObject({ kind: 'comment', isPullRequest: true });
    expect(classifyEvent('issue_comment', webhookExample('issue_comment', 'edited')).kind).toBe('ignore');
  });

  test('fork detection, including a deleted fork', () => {
    const pr = webhookExample('pull_request', 'opened').pull_request;
    pr.head.repo.full_name = 'someone/fork';
    expect(pullRequestRef(pr).isFork).toBe(true);
    pr.head.repo = null;
    expect(pullRequestRef(pr).isFork).toBe(true);
  });

  test('push and manual runs check everything', () => {
    expect(classifyEvent('push', {})).toEqual({ kind: 'other' });
    expect(classifyEvent('workflow_dispatch', {})).toEqual({ kind: 'other' });
  });
});
