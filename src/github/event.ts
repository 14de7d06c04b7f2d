/**
 * What started this run, read from the webhook payload: a pull request to check, a comment that may be a re-run
 * command, or anything else (push, schedule, manual), which checks the whole migration history as before.
 */
import * as github from '@actions/github';
import type { RepoRef } from './client.js';

export interface RunContext {
  eventName: string;
  payload: Record<string, unknown>;
  repo: RepoRef;
  runId: number;
  runAttempt: number;
  /** Link to this workflow run (its job summary holds the full report). */
  runUrl: string;
  serverUrl: string;
}

export function readRunContext(): RunContext {
  const { context } = github;
  const repo = context.repo;
  const runId = Number.isFinite(context.runId) ? context.runId : 0;
  const serverUrl = context.serverUrl.replace(/\/+$/, '');
  return {
    eventName: context.eventName ?? '',
    payload: context.payload as Record<string, unknown>,
    repo,
    runId,
    runAttempt: Number.isFinite(context.runAttempt) ? context.runAttempt : 1,
    runUrl: `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${runId}`,
    serverUrl,
  };
}

export interface PullRequestRef {
  number: number;
  headSha: string;
  /** `owner/name` of the head repository; differs from the base for fork PRs (whose token is read-only). */
  headRepo: string | null;
  baseRepo: string | null;
  isFork: boolean;
  /** How many files the PR changes, as GitHub counts them (pulls.listFiles stops at 3,000). */
  changedFiles: number | null;
}

export type ActionEvent =
  | { kind: 'pull_request'; action: string; pr: PullRequestRef }
  | { kind: 'comment'; issueNumber: number; isPullRequest: boolean; commentId: number; body: string; author: string; authorType: string }
  | { kind: 'ignore'; reason: string }
  | { kind: 'other' };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function pullRequestRef(pr: Json): PullRequestRef {
  const head = obj(pr.head);
  const base = obj(pr.base);
  const headRepo = str(obj(head.repo).full_name) || null;
  const baseRepo = str(obj(base.repo).full_name) || null;
  return {
    number: num(pr.number) ?? 0,
    headSha: str(head.sha),
    headRepo,
    baseRepo,
    // A deleted fork leaves head.repo null: treat it as a fork (its token was read-only too).
    isFork: headRepo === null || (baseRepo !== null && headRepo.toLowerCase() !== baseRepo.toLowerCase()),
    changedFiles: num(pr.changed_files),
  };
}

/** Pull request actions that change what there is to check; others (labels, assignees…) leave the report as it is. */
const CHECKED_PR_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited']);

export function classifyEvent(eventName: string, payload: Json): ActionEvent {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const action = str(payload.action);
    if (action && !CHECKED_PR_ACTIONS.has(action)) return { kind: 'ignore', reason: `pull_request "${action}" changes no migration; nothing to do` };
    const pr = pullRequestRef(obj(payload.pull_request));
    if (!pr.number || !pr.headSha) return { kind: 'ignore', reason: 'the pull_request payload has no number or head SHA' };
    return { kind: 'pull_request', action, pr };
  }
  if (eventName === 'issue_comment') {
    const action = str(payload.action);
    if (action !== 'created') return { kind: 'ignore', reason: `issue_comment "${action}": only new comments can start a run` };
    const issue = obj(payload.issue);
    const comment = obj(payload.comment);
    const user = obj(comment.user);
    return {
      kind: 'comment',
      issueNumber: num(issue.number) ?? 0,
      isPullRequest: payload.issue !== undefined && issue.pull_request !== undefined && issue.pull_request !== null,
      commentId: num(comment.id) ?? 0,
      body: str(comment.body),
      author: str(user.login),
      authorType: str(user.type),
    };
  }
  return { kind: 'other' };
}
