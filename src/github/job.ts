/**
 * One run of the action on GitHub, from the event to what gets published:
 *
 * - `pull_request`: check the PR's changed migrations against the others, one sticky comment.
 * - `issue_comment` with `/migrascope run …` on a PR, from someone with write access: the same for the PR's current
 *   head, with reactions on the command and a commit status on the head.
 * - anything else (push, schedule, manual): check every migration found, report in the summary and annotations.
 *
 * GitHub API failures never lose the report (src/action.ts has already logged it and written the summary); they are
 * logged, and only the PR's file list, without which there is nothing sound to check, is fatal.
 */
import type { Options } from '../config.js';
import { discoverMigrations, nodeFs } from '../discover/index.js';
import type { MigrationFile } from '../discover/types.js';
import { escapeMarkdownText, markdownLink } from '../report/markdown-escape.js';
import { formatNonZeroCounts } from '../report/severity.js';
import type { Finding, Report } from '../report/types.js';
import type { ActionInputs } from '../inputs.js';
import { listChangedFiles, MAX_LISTED_FILES } from './changed-files.js';
import { checkedOutSha, checkoutMismatch } from './checkout.js';
import { createClient, describeError, statusOf, type GitHubClient } from './client.js';
import { composeComment, composeNothingToCheck, type ReportContext } from './compose.js';
import { classifyEvent, pullRequestRef, type PullRequestRef, type RunContext } from './event.js';
import { checkPermission, react, reply, setCommitStatus } from './feedback.js';
import type { Log } from './log.js';
import {
  DEFAULT_MIGRATION_FOLDERS,
  defaultMigrationPatterns,
  describeScope,
  isExcluded,
  mayBeMigration,
  resolveMigrationPaths,
  type MigrationScope,
} from './migration-paths.js';
import { scopePullRequest } from './pr-scope.js';
import { describeOverrides, parseCommand, type RunOverrides } from './run-parameters.js';
import { StickyComment } from './sticky-comment.js';

export type Job = { kind: 'skip'; reason: string } | CheckJob;

export type CheckScope =
  | { kind: 'nothing'; reason: string }
  | {
      kind: 'check';
      /** Files or folders to check (Options.paths). */
      paths: string[];
      /** Files or folders that ran before (Options.base), in order. */
      base: string[];
      /** Findings about the migration history, to add to the report. */
      history: Finding[];
    };

export interface Published {
  commentUrl: string | null;
}

interface Trigger {
  commentId: number;
  issueNumber: number;
  by: string;
  overrides: RunOverrides;
}

/** Reads the event and decides what this run does; for a comment, checks who asked and what. */
export async function startJob(inputs: ActionInputs, ctx: RunContext, log: Log): Promise<Job> {
  const event = classifyEvent(ctx.eventName, ctx.payload);
  switch (event.kind) {
    case 'ignore':
      return { kind: 'skip', reason: event.reason };
    case 'other':
      return new CheckJob('full', inputs, ctx, log, null, null, null);
    case 'pull_request':
      return new CheckJob('pull_request', inputs, ctx, log, requireClient(inputs, log), event.pr, null);
    case 'comment': {
      if (!event.isPullRequest) return { kind: 'skip', reason: `Comment on issue #${event.issueNumber}, not on a pull request: nothing to do.` };
      const command = parseCommand(event.body, inputs.command);
      if (command.kind === 'none') return { kind: 'skip', reason: `Comment ${event.commentId} is not a ${inputs.command} command: nothing to do.` };
      if (command.kind === 'unknown') {
        return { kind: 'skip', reason: `Comment ${event.commentId}: unknown sub-command ${JSON.stringify(command.subcommand.slice(0, 40))} (known: run); ignored.` };
      }
      const client = requireClient(inputs, log);
      const permission = await checkPermission(client, ctx.repo, event.author);
      if (!permission.allowed) {
        await react(client, ctx.repo, event.commentId, 'confused', log);
        await reply(client, ctx.repo, event.issueNumber, `Sorry, only people with write access to this repository can use <code>${inputs.command} run</code>.`, log);
        return { kind: 'skip', reason: `${event.author} asked for a re-run but has ${permission.detail} permission (write, maintain or admin needed): not running.` };
      }
      if (command.kind === 'invalid') {
        await react(client, ctx.repo, event.commentId, 'confused', log);
        const problems = command.problems.map((p) => `- ${escapeMarkdownText(p)}`).join('\n');
        await reply(client, ctx.repo, event.issueNumber, `<code>${inputs.command} run</code> was not started:\n\n${problems}`, log);
        return { kind: 'skip', reason: `Re-run request not started: ${command.problems.join('; ')}` };
      }
      await react(client, ctx.repo, event.commentId, 'eyes', log);
      const trigger: Trigger = { commentId: event.commentId, issueNumber: event.issueNumber, by: event.author, overrides: command.overrides };
      return new CheckJob('rerun', inputs, ctx, log, client, null, trigger);
    }
  }
}

function requireClient(inputs: ActionInputs, log: Log): GitHubClient {
  if (!inputs.githubToken) throw new Error('Input github-token is empty: checking a pull request needs it to list the changed files (the default is ${{ github.token }}).');
  return createClient(inputs.githubToken, log);
}

export class CheckJob {
  readonly kind = 'check';
  private notices: string[] = [];

  constructor(
    readonly mode: 'pull_request' | 'rerun' | 'full',
    private readonly inputs: ActionInputs,
    private readonly ctx: RunContext,
    private readonly log: Log,
    private readonly client: GitHubClient | null,
    private pr: PullRequestRef | null,
    private readonly trigger: Trigger | null,
  ) {}

  get overrides(): RunOverrides {
    return this.trigger?.overrides ?? {};
  }

  get pullRequest(): PullRequestRef | null {
    return this.pr;
  }

  /** For a re-run: the PR's head as GitHub has it now (never the event's), and the checkout must be that commit. */
  async prepare(cwd: string): Promise<void> {
    if (this.mode !== 'rerun' || !this.client || !this.trigger) return;
    const { data } = await this.client.rest.pulls.get({ ...this.ctx.repo, pull_number: this.trigger.issueNumber });
    this.pr = pullRequestRef(data as unknown as Record<string, unknown>);
    const params = describeOverrides(this.trigger.overrides);
    this.log.info(`Re-run of pull request #${this.pr.number} at ${this.pr.headSha} requested by ${this.trigger.by}${params ? ` with ${params}` : ''}.`);
    await setCommitStatus(this.client, this.ctx.repo, this.pr.headSha, { state: 'pending', description: `Re-run requested by ${this.trigger.by}`, targetUrl: this.ctx.runUrl }, this.log);
    const actual = await checkedOutSha(cwd);
    if (actual !== this.pr.headSha) throw new Error(checkoutMismatch(actual, this.pr.headSha, this.pr.number));
  }

  /** Where the migrations are, and for a PR which of them it changes. */
  async scope(options: Options, cwd: string): Promise<CheckScope> {
    const scope = this.migrationScope(options, cwd);
    for (const w of scope.warnings) this.log.warning(w);
    if (!scope.roots.length && !scope.files.length) {
      if (scope.source === 'default') {
        this.log.warning(`No migrations found in the usual folders (${DEFAULT_MIGRATION_FOLDERS.join(', ')}, or a sqitch.plan); set the migrations input to where yours are.`);
      }
      return { kind: 'nothing', reason: 'no migration folders or files to look at' };
    }
    this.log.info(`Migrations: ${describeScope(scope)}`);
    if (this.mode === 'full') return this.fullScope(scope, options);
    return this.pullRequestScope(scope, options);
  }

  private migrationScope(options: Options, cwd: string): MigrationScope {
    if (this.inputs.migrations.length) return resolveMigrationPaths(this.inputs.migrations, cwd, 'input');
    if (options.paths.length) return resolveMigrationPaths(options.paths, cwd, 'config');
    return resolveMigrationPaths(defaultMigrationPatterns(cwd), cwd, 'default');
  }

  private async discover(scope: MigrationScope, options: Options): Promise<MigrationFile[]> {
    return discoverMigrations([...scope.roots, ...scope.files], { format: options.format ?? undefined, includeDown: true }, nodeFs());
  }

  private async fullScope(scope: MigrationScope, options: Options): Promise<CheckScope> {
    if (!scope.exclude.length) return { kind: 'check', paths: [...scope.roots, ...scope.files], base: options.base, history: [] };
    const files = (await this.discover(scope, options)).filter((f) => !f.isDown && !isExcluded(f.path, scope)).map((f) => f.path);
    return files.length ? { kind: 'check', paths: files, base: options.base, history: [] } : { kind: 'nothing', reason: 'every migration file is excluded' };
  }

  private async pullRequestScope(scope: MigrationScope, options: Options): Promise<CheckScope> {
    const pr = this.pr!;
    let changed;
    try {
      changed = await listChangedFiles(this.client!, this.ctx.repo, pr.number, pr.changedFiles);
    } catch (error) {
      // Without the list there is no telling checked from already-applied migrations: guessing would mislead.
      throw new Error(`Cannot list the files of pull request #${pr.number} (${describeError(error)}); nothing was checked. Re-run the job.`);
    }
    if (changed.truncated) {
      const notice = `This pull request changes more than ${MAX_LISTED_FILES.toLocaleString('en-US')} files and GitHub lists only the first ${MAX_LISTED_FILES.toLocaleString('en-US')}: migrations among the others were not checked.`;
      this.notices.push(notice);
      this.log.warning(notice);
    }
    // Cheap first: most pull requests touch no migration, and then nothing needs to be read.
    const relevant = changed.files.some((c) => mayBeMigration(c.path, scope) || (c.previousPath !== undefined && mayBeMigration(c.previousPath, scope)));
    if (!relevant) return { kind: 'nothing', reason: `none of the ${changed.files.length} changed files is a migration` };

    const migrations = await this.discover(scope, options);
    const { checked, unchanged, history } = scopePullRequest(migrations, changed.files, scope);
    if (!checked.length && !history.length) return { kind: 'nothing', reason: 'the changed files in the migration folders are not migrations' };
    // Whole folders keep discovery fast and the framework's order; the pipeline leaves the checked files out of
    // them. Single files or exclusions need the explicit list (see the note on discoverMigrations in the docs).
    const explicit = scope.files.length > 0 || scope.exclude.length > 0;
    return { kind: 'check', paths: checked, base: [...options.base, ...(explicit ? unchanged : scope.roots)], history };
  }

  reportContext(options: Options): ReportContext {
    return {
      headSha: this.pr?.headSha ?? null,
      failOn: options.failOn,
      runUrl: this.ctx.runUrl,
      command: this.mode === 'full' ? null : this.inputs.command,
      rerun: this.trigger ? { by: this.trigger.by, parameters: describeOverrides(this.trigger.overrides) } : null,
      notices: [...this.notices],
    };
  }

  private stamp() {
    return { runId: this.ctx.runId, sha: this.pr?.headSha ?? '' };
  }

  private sticky(): StickyComment | null {
    if (!this.client || !this.pr || !this.inputs.comment) return null;
    return new StickyComment(this.client, { repo: this.ctx.repo, issueNumber: this.pr.number }, this.log);
  }

  /** Writes the comment; a failure is logged with what it means, never thrown. */
  private async writeComment(body: string, create: boolean): Promise<string | null> {
    const sticky = this.sticky();
    if (!sticky) return null;
    try {
      const result = await sticky.upsert(body, this.stamp(), create);
      if (result.outcome !== 'none') this.log.info(`Report comment ${result.outcome}: ${result.url}${result.deleted ? ` (${result.deleted} duplicate(s) removed)` : ''}`);
      return result.url;
    } catch (error) {
      if (statusOf(error) === 403) {
        this.log.warning(
          `Cannot write the report comment: the token is read-only (${describeError(error)}). GitHub gives read-only tokens to runs for pull requests from forks` +
            `${this.pr?.isFork ? ' (this is one)' : ''}; grant "pull-requests: write" otherwise. The report is in the job summary and the annotations, and the check still passes or fails on it.`,
        );
      } else {
        this.log.warning(`Could not write the report comment (${describeError(error)}). The report is in the job summary and the log.`);
      }
      return null;
    }
  }

  async publish(report: Report, options: Options, failed: boolean): Promise<Published> {
    const ctx = this.reportContext(options);
    const commentUrl = this.pr ? await this.writeComment(composeComment(report, ctx, this.stamp()), true) : null;
    if (this.mode === 'rerun' && this.client && this.pr && this.trigger) {
      const counts = formatNonZeroCounts(report.summary) || 'no problems';
      await setCommitStatus(
        this.client,
        this.ctx.repo,
        this.pr.headSha,
        { state: failed ? 'failure' : 'success', description: `${counts} (fail-on: ${options.failOn})`, targetUrl: commentUrl ?? this.ctx.runUrl },
        this.log,
      );
      await react(this.client, this.ctx.repo, this.trigger.commentId, 'rocket', this.log);
    }
    return { commentUrl };
  }

  /** No migration changed: say so where an earlier report exists, post nothing new. */
  async finishNothingToCheck(options: Options, reason: string): Promise<Published> {
    this.log.info(`migrascope: nothing to check (${reason}).`);
    const ctx = this.reportContext(options);
    const commentUrl = this.pr ? await this.writeComment(composeNothingToCheck(ctx, this.stamp()), false) : null;
    if (this.mode === 'rerun' && this.client && this.pr && this.trigger) {
      await setCommitStatus(this.client, this.ctx.repo, this.pr.headSha, { state: 'success', description: 'No migration files changed', targetUrl: commentUrl ?? this.ctx.runUrl }, this.log);
      await react(this.client, this.ctx.repo, this.trigger.commentId, 'rocket', this.log);
    }
    return { commentUrl };
  }

  /** The run failed before it could report: tell whoever asked for it, where they asked. */
  async abort(error: unknown): Promise<void> {
    if (this.mode !== 'rerun' || !this.client || !this.trigger) return;
    const message = error instanceof Error ? error.message : String(error);
    await react(this.client, this.ctx.repo, this.trigger.commentId, 'confused', this.log);
    if (this.pr?.headSha) {
      await setCommitStatus(this.client, this.ctx.repo, this.pr.headSha, { state: 'error', description: `Could not run: ${message}`, targetUrl: this.ctx.runUrl }, this.log);
    }
    await reply(this.client, this.ctx.repo, this.trigger.issueNumber, `migrascope could not run: ${escapeMarkdownText(message)} (${markdownLink('workflow run', this.ctx.runUrl)})`, this.log);
  }
}
