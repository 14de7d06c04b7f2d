/**
 * One report comment per pull request, updated in place. A comment is ours when it starts with the report marker AND
 * was written by the identity behind our token: anyone can paste the marker into a comment of their own, and we
 * must never edit or delete that.
 *
 * Races: two runs that both find no comment both create one. After creating, a run lists again and keeps the oldest
 * of ours, deleting the others, so whichever order the runs finish in, one comment is left. Each comment carries the
 * run id that wrote it; a run never overwrites what a newer run (a later push) wrote.
 */
import { MARKDOWN_MARKER } from '../report/index.js';
import { describeError, statusOf, type GitHubClient, type RepoRef } from './client.js';
import type { Log } from './log.js';

/** What GITHUB_TOKEN's comments are signed as; also the fallback when the token cannot say who it is. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface Identity {
  login: string;
  /** How it was found, for the debug log. */
  source: 'graphql' | 'rest' | 'fallback' | 'created-comment';
}

/**
 * Who the token acts as. GraphQL `viewer` answers for user tokens and installation tokens alike; REST `GET /user`
 * only for user tokens ("Resource not accessible by integration" otherwise). When both fail, GITHUB_TOKEN's bot.
 */
export async function resolveIdentity(client: GitHubClient, log: Log): Promise<Identity> {
  try {
    const result = await client.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    if (result.viewer?.login) return { login: result.viewer.login, source: 'graphql' };
  } catch (error) {
    log.debug(`GraphQL viewer: ${describeError(error)}`);
  }
  try {
    const { data } = await client.rest.users.getAuthenticated();
    if (data.login) return { login: data.login, source: 'rest' };
  } catch (error) {
    log.debug(`GET /user: ${describeError(error)}`);
  }
  return { login: ACTIONS_BOT_LOGIN, source: 'fallback' };
}

export interface RunStamp {
  runId: number;
  sha: string;
}

const STAMP = /<!-- migrascope-run (\{[^<>]*\}) -->/;

/** A hidden line at the end of the comment: which run wrote it, for which commit. */
export function stampLine(stamp: RunStamp): string {
  return `<!-- migrascope-run ${JSON.stringify({ run: stamp.runId, sha: stamp.sha.replace(/[^0-9a-f]/gi, '') })} -->`;
}

export function readStamp(body: string): RunStamp | null {
  const match = STAMP.exec(body);
  if (!match) return null;
  try {
    const data = JSON.parse(match[1]!) as { run?: unknown; sha?: unknown };
    return typeof data.run === 'number' ? { runId: data.run, sha: typeof data.sha === 'string' ? data.sha : '' } : null;
  } catch {
    return null;
  }
}

export function isReportBody(body: string | null | undefined): boolean {
  return (body ?? '').trimStart().startsWith(MARKDOWN_MARKER);
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  created_at: string;
  user: { login: string; type?: string } | null;
}

export interface StickyTarget {
  repo: RepoRef;
  issueNumber: number;
}

export interface UpsertResult {
  /** The comment now holding the report (or the newer one we left alone); null when nothing was written. */
  url: string | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'newer-exists' | 'none';
  deleted: number;
}

function byAge(a: IssueComment, b: IssueComment): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}

export class StickyComment {
  private identity: Identity | null = null;

  constructor(
    private readonly client: GitHubClient,
    private readonly target: StickyTarget,
    private readonly log: Log,
  ) {}

  private async listOurs(): Promise<IssueComment[]> {
    const all = (await this.client.paginate(this.client.rest.issues.listComments, {
      ...this.target.repo,
      issue_number: this.target.issueNumber,
      per_page: 100,
    })) as IssueComment[];
    const marked = all.filter((c) => isReportBody(c.body));
    if (!marked.length) return [];
    this.identity ??= await resolveIdentity(this.client, this.log);
    const me = this.identity.login.toLowerCase();
    const ours = marked.filter((c) => c.user?.login.toLowerCase() === me);
    const foreign = marked.length - ours.length;
    if (foreign) this.log.info(`Ignoring ${foreign} comment(s) that carry the migrascope marker but were not written by ${this.identity.login}.`);
    return ours.sort(byAge);
  }

  /**
   * Puts `body` in our comment: updates the oldest of ours, deletes other copies, creates one when there is none and
   * `create` is true. Errors propagate (the caller decides what a 403 means).
   */
  async upsert(body: string, stamp: RunStamp, create: boolean): Promise<UpsertResult> {
    let ours = await this.listOurs();
    let created: IssueComment | null = null;
    if (!ours.length) {
      if (!create) return { url: null, outcome: 'none', deleted: 0 };
      const { data } = await this.client.rest.issues.createComment({ ...this.target.repo, issue_number: this.target.issueNumber, body });
      created = data as IssueComment;
      // The comment tells us for certain who we are (the lookup may have fallen back to a guess).
      if (created.user?.login) this.identity = { login: created.user.login, source: 'created-comment' };
      ours = await this.listOurs();
      if (!ours.some((c) => c.id === created!.id)) ours = [...ours, created].sort(byAge);
    }
    const [keep, ...extra] = ours as [IssueComment, ...IssueComment[]];
    const deleted = await this.deleteAll(extra);
    if (created && keep.id === created.id) return { url: keep.html_url, outcome: 'created', deleted };

    const existing = readStamp(keep.body ?? '');
    if (existing && existing.runId > stamp.runId) {
      this.log.info(`The report comment was written by a newer run (${existing.runId}); leaving it as it is.`);
      return { url: keep.html_url, outcome: 'newer-exists', deleted };
    }
    if (keep.body === body) return { url: keep.html_url, outcome: 'unchanged', deleted };
    const { data } = await this.client.rest.issues.updateComment({ ...this.target.repo, comment_id: keep.id, body });
    return { url: (data as IssueComment).html_url ?? keep.html_url, outcome: 'updated', deleted };
  }

  private async deleteAll(comments: readonly IssueComment[]): Promise<number> {
    let deleted = 0;
    for (const c of comments) {
      try {
        await this.client.rest.issues.deleteComment({ ...this.target.repo, comment_id: c.id });
        deleted++;
      } catch (error) {
        // Another run cleaning up at the same time got there first.
        if (statusOf(error) !== 404) throw error;
      }
    }
    return deleted;
  }
}
