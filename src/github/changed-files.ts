/**
 * The files a pull request changes, from `pulls.listFiles`: 100 per page, and GitHub serves at most 3,000.
 */
import type { GitHubClient, RepoRef } from './client.js';
import type { ChangedFile } from './pr-scope.js';

/** GitHub's cap for pulls.listFiles. */
export const MAX_LISTED_FILES = 3000;

export interface ChangedFiles {
  files: ChangedFile[];
  /** The PR changes more files than GitHub lists: some changed migrations may be missing from `files`. */
  truncated: boolean;
}

const STATUSES = new Set<ChangedFile['status']>(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']);

export async function listChangedFiles(client: GitHubClient, repo: RepoRef, pullNumber: number, expected: number | null): Promise<ChangedFiles> {
  const files: ChangedFile[] = [];
  const pages = client.paginate.iterator(client.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  for await (const page of pages) {
    for (const f of page.data) {
      const status = STATUSES.has(f.status as ChangedFile['status']) ? (f.status as ChangedFile['status']) : 'modified';
      files.push({ path: f.filename, status, ...(f.previous_filename ? { previousPath: f.previous_filename } : {}) });
    }
    if (files.length >= MAX_LISTED_FILES) break;
  }
  return { files, truncated: files.length >= MAX_LISTED_FILES && (expected === null || expected > files.length) };
}
