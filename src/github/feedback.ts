/**
 * The small signals around a comment-triggered run: who may trigger it, the reactions on the command comment, the
 * commit status on the PR head, short replies. Each call is best effort: failing to react must not stop a run, so
 * errors are logged, not thrown.
 */
import { describeError, statusOf, type GitHubClient, type RepoRef } from './client.js';
import type { Log } from './log.js';

export const STATUS_CONTEXT = 'migrascope';

/** Roles that may start a run. `permission` folds maintain into write; `role_name` keeps it (and custom roles). */
const ALLOWED_PERMISSIONS = new Set(['admin', 'write']);
const ALLOWED_ROLES = new Set(['admin', 'maintain', 'write']);

export interface PermissionCheck {
  allowed: boolean;
  /** What GitHub said, for the log: "write (role maintain)", "not a collaborator", … */
  detail: string;
}

/**
 * Asks GitHub, never the payload: `author_association` says how someone relates to the repository at large (an
 * org MEMBER may have read access only, a CONTRIBUTOR none), not whether they may write to it.
 */
export async function checkPermission(client: GitHubClient, repo: RepoRef, username: string): Promise<PermissionCheck> {
  if (!username) return { allowed: false, detail: 'no user' };
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const permission = String(data.permission ?? '');
    const role = String((data as { role_name?: string }).role_name ?? '');
    return { allowed: ALLOWED_PERMISSIONS.has(permission) || ALLOWED_ROLES.has(role), detail: `${permission || 'none'}${role ? ` (role ${role})` : ''}` };
  } catch (error) {
    if (statusOf(error) === 404) return { allowed: false, detail: 'not a collaborator' };
    return { allowed: false, detail: `permission lookup failed (${describeError(error)})` };
  }
}

export type Reaction = 'eyes' | 'rocket' | 'confused';

export async function react(client: GitHubClient, repo: RepoRef, commentId: number, content: Reaction, log: Log): Promise<void> {
  try {
    await client.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
  } catch (error) {
    log.warning(`Could not add the ${content} reaction to the command comment: ${describeError(error)}`);
  }
}

export interface CommitStatus {
  state: 'pending' | 'success' | 'failure' | 'error';
  description: string;
  targetUrl: string | null;
}

/** GitHub cuts status descriptions at 140 characters; cut them ourselves so the end stays readable. */
function shortDescription(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

export async function setCommitStatus(client: GitHubClient, repo: RepoRef, sha: string, status: CommitStatus, log: Log): Promise<void> {
  try {
    await client.rest.repos.createCommitStatus({
      ...repo,
      sha,
      state: status.state,
      context: STATUS_CONTEXT,
      description: shortDescription(status.description),
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    });
  } catch (error) {
    log.warning(`Could not set the ${STATUS_CONTEXT} commit status on ${sha.slice(0, 7)}: ${describeError(error)}`);
  }
}

/** Marks our replies so that they are never taken for the report comment, nor for a command. */
export const REPLY_MARKER = '<!-- migrascope-reply -->';

export async function reply(client: GitHubClient, repo: RepoRef, issueNumber: number, markdown: string, log: Log): Promise<void> {
  try {
    await client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: `${REPLY_MARKER}\n${markdown}` });
  } catch (error) {
    log.warning(`Could not reply on #${issueNumber}: ${describeError(error)}`);
  }
}
