/**
 * The GitHub REST client: @actions/github's octokit with the retry plugin (5xx and other transient failures,
 * backing off) and the throttling plugin (primary and secondary rate limits, honouring retry-after, and pacing
 * writes the way GitHub asks integrations to).
 */
import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Log } from './log.js';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Waiting longer than this for a rate limit to reset costs more runner time than the report is worth. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '', 'http://api.invalid').pathname;
  } catch {
    return url ?? '';
  }
}

export function createClient(token: string, log: Log): GitHubClient {
  const onLimit = (kind: string, maxRetries: number) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    const again = retryCount < maxRetries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    log.warning(`GitHub ${kind} on ${options.method ?? ''} ${pathOf(options.url)}: ${again ? `retrying in ${retryAfter}s` : 'giving up'}`);
    return again;
  };
  return github.getOctokit(
    token,
    {
      throttle: {
        onRateLimit: onLimit('rate limit', 2),
        onSecondaryRateLimit: onLimit('secondary rate limit', 3),
      },
      // 1 s then 4 s: enough for a blip; an outage is not over in 14 s either, and the report never depends on it.
      retry: { retries: 2 },
      log: { debug: () => {}, info: () => {}, warn: (m: string) => log.debug(m), error: (m: string) => log.debug(m) },
    },
    retry,
    throttling,
  );
}

/** HTTP status of an octokit error, or null when the request never got an answer. */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** "HTTP 403: Resource not accessible by integration", for log lines. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status ? `HTTP ${status}: ${message}` : message;
}
