/**
 * Which migrations a pull request checks and which it replays: the PR's changed migration files are checked, the
 * checkout's other migration files ran before (base), in framework order. Changes to the history itself (a
 * migration on the base branch removed, renamed or edited) are findings of their own. Pure.
 */
import type { MigrationFile } from '../discover/types.js';
import { builtinFinding } from '../analyze/builtin-findings.js';
import type { Finding } from '../report/types.js';
import { isExcluded, mayBeMigration, type MigrationScope } from './migration-paths.js';

/** One entry of `pulls.listFiles`, reduced to what matters here. */
export interface ChangedFile {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** For `renamed`: the name on the base branch. */
  previousPath?: string;
}

export interface PullRequestScope {
  /** Changed migration files, in discovery (framework) order. */
  checked: string[];
  /** Migration files the PR does not change, in discovery order, down files left out. */
  unchanged: string[];
  /** Findings about the history: keyed by the checked file they belong to, or '' for files no longer there. */
  history: Finding[];
}

/** Names that say "down" in the frameworks that keep down scripts in files of their own. */
function isDownName(path: string): boolean {
  return /\.down\.sql$/i.test(path) || /(^|\/)down\.sql$/.test(path) || /(^|\/)revert\//.test(path) || /(^|\/)U\d[^/]*__[^/]*\.sql$/.test(path);
}

/** Files meant to change: Flyway repeatable migrations run again whenever their checksum changes. */
function isRepeatable(file: MigrationFile): boolean {
  return file.format === 'flyway' && /(^|\/)R__[^/]*\.sql$/.test(file.path);
}

/**
 * A file still in the PR is reported on its first line; a removed one has no line to point at, so the finding is
 * a note (no file position) that names it in the message.
 */
function historyFinding(file: string, message: string, atLine: boolean): Finding {
  const span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return atLine ? builtinFinding('migration-history', file, span, message, null) : builtinFinding('migration-history', '', span, `${file}: ${message}`, null);
}

export function scopePullRequest(migrations: readonly MigrationFile[], changed: readonly ChangedFile[], scope: MigrationScope): PullRequestScope {
  const byPath = new Map(changed.map((c) => [c.path, c]));
  const checked: string[] = [];
  const unchanged: string[] = [];
  const history: Finding[] = [];
  const seen = new Set<string>();
  for (const file of migrations) {
    if (seen.has(file.path) || isExcluded(file.path, scope)) continue;
    seen.add(file.path);
    const change = byPath.get(file.path);
    if (!change || change.status === 'unchanged') {
      if (!file.isDown) unchanged.push(file.path);
      continue;
    }
    checked.push(file.path);
    if (file.isDown || isRepeatable(file)) continue;
    if (change.status === 'modified') {
      history.push(
        historyFinding(
          file.path,
          'This migration is already on the base branch and the pull request edits it: databases that applied it will not run the edit (Flyway and Prisma refuse to migrate when an applied file changes), so environments drift apart.',
          true,
        ),
      );
    } else if (change.status === 'renamed' && change.previousPath && mayBeMigration(change.previousPath, scope) && !isDownName(change.previousPath)) {
      history.push(
        historyFinding(
          file.path,
          `Renamed from ${change.previousPath}, a migration already on the base branch: migration tools know a migration by its name or version, so databases that applied the old name run it again under the new one (or stop, reporting the old one missing).`,
          true,
        ),
      );
    }
  }
  const checkedSet = new Set(checked);
  for (const change of changed) {
    // A migration renamed out of the migration folders is gone from the history just like a deleted one.
    const gone = change.status === 'removed' ? change.path : change.status === 'renamed' && !checkedSet.has(change.path) ? change.previousPath : undefined;
    if (!gone || !gone.endsWith('.sql') || isDownName(gone) || !mayBeMigration(gone, scope)) continue;
    history.push(
      historyFinding(
        gone,
        'The pull request removes a migration that is already on the base branch: databases that applied it keep its changes while fresh environments no longer get them, and several tools (Flyway, golang-migrate, Prisma) stop with an error about a missing migration.',
        false,
      ),
    );
  }
  return { checked, unchanged, history };
}
