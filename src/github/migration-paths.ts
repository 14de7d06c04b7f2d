/**
 * Where the migrations live: the `migrations` input (folders, files or globs, `!glob` to leave some out), else the
 * config's `paths`, else the folders frameworks use by default. Discovery (src/discover) then finds the framework
 * of each folder; this module only decides which folders and files it looks at.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { posix } from 'node:path';

export interface MigrationScope {
  /** Folders to discover migrations in (forward slashes, relative to the workspace). */
  roots: string[];
  /** Files named or matched one by one. */
  files: string[];
  /** The globs given, to recognise paths that are no longer in the checkout (a removed migration). */
  globs: RegExp[];
  /** `!glob` patterns: matching paths are neither checked nor replayed. */
  exclude: RegExp[];
  /** Where the list came from, for log lines. */
  source: 'input' | 'config' | 'default';
  /** Plain-language problems worth a warning (a glob that matched nothing…). */
  warnings: string[];
}

/**
 * The folders frameworks create by default (dbmate/golang-migrate/goose/diesel/sqlx/Prisma/Supabase/Flyway), in
 * the order they are tried. sqitch projects are found by their sqitch.plan.
 */
export const DEFAULT_MIGRATION_FOLDERS = [
  'db/migrations',
  'db/migration',
  'migrations',
  'database/migrations',
  'prisma/migrations',
  'supabase/migrations',
  'src/main/resources/db/migration',
  'sql/migrations',
] as const;

const SQITCH_PROJECT_FOLDERS = ['.', 'db', 'sqitch', 'database'] as const;

const GLOB_CHARS = /[*?[\]{}]/;

/** Dependencies and VCS data never hold a project's migrations (the same rule discovery uses). */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export function toWorkspacePath(path: string, cwd: string): string {
  const slashed = path.replace(/\\/g, '/');
  const rel = isAbsolute(slashed) ? relative(cwd, slashed).replace(/\\/g, '/') : slashed;
  const normal = posix.normalize(rel).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

/**
 * A glob as a regular expression over workspace paths: `**` any number of folders, `*` and `?` within one name,
 * `[abc]` and `{a,b}`. Dots are not special (a pattern says what it means).
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more whole folders; a trailing `**` matches everything below.
          re += i + 2 === pattern.length ? '.*' : '(?:[^/]*/)*';
          i += i + 2 === pattern.length ? 1 : 2;
          continue;
        }
        i++;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The folders before the first segment holding glob characters: where a walk for the pattern starts. */
function staticPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (GLOB_CHARS.test(s)) break;
    fixed.push(s);
  }
  return fixed.length ? fixed.join('/') : '.';
}

function statOrNull(path: string): { dir: boolean } | null {
  try {
    return { dir: statSync(path).isDirectory() };
  } catch {
    return null;
  }
}

/**
 * Files and folders under `start` that the pattern matches; a matched folder is taken whole (discovery walks it),
 * matched files must be .sql (a glob is a selection, not a promise that every match is a migration).
 */
function expandGlob(pattern: string, cwd: string): { roots: string[]; files: string[] } {
  const re = globToRegExp(pattern);
  const start = staticPrefix(pattern);
  const roots: string[] = [];
  const files: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(posix.join(cwd, dir), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (skipFolder(entry.name)) continue;
        if (re.test(path)) roots.push(path);
        else visit(path);
      } else if (entry.isFile() && path.endsWith('.sql') && re.test(path)) {
        files.push(path);
      }
    }
  };
  if (statOrNull(posix.join(cwd, start))?.dir) visit(start);
  return { roots, files };
}

/** Resolves the patterns against the workspace. A literal path that does not exist is an error: it is a typo. */
export function resolveMigrationPaths(patterns: readonly string[], cwd: string, source: MigrationScope['source']): MigrationScope {
  const scope: MigrationScope = { roots: [], files: [], globs: [], exclude: [], source, warnings: [] };
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = toWorkspacePath(negated ? raw.slice(1) : raw, cwd);
    if (negated) {
      scope.exclude.push(globToRegExp(pattern));
      continue;
    }
    if (GLOB_CHARS.test(pattern)) {
      scope.globs.push(globToRegExp(pattern));
      const found = expandGlob(pattern, cwd);
      if (!found.roots.length && !found.files.length) scope.warnings.push(`migrations: "${raw}" matched no folder and no .sql file`);
      scope.roots.push(...found.roots);
      scope.files.push(...found.files);
      continue;
    }
    const stat = statOrNull(posix.join(cwd, pattern));
    if (!stat) throw new Error(`migrations: "${raw}" does not exist in the checkout; expected a folder, a file or a glob of migration files`);
    (stat.dir ? scope.roots : scope.files).push(pattern);
  }
  scope.roots = [...new Set(scope.roots)];
  scope.files = [...new Set(scope.files)].filter((f) => !scope.roots.some((r) => isWithin(f, r)));
  return scope;
}

/** The usual folders that exist in this checkout, plus sqitch projects' deploy/revert scripts. */
export function defaultMigrationPatterns(cwd: string): string[] {
  const found: string[] = DEFAULT_MIGRATION_FOLDERS.filter((f) => statOrNull(posix.join(cwd, f))?.dir);
  for (const project of SQITCH_PROJECT_FOLDERS) {
    if (!existsSync(posix.join(cwd, project, 'sqitch.plan'))) continue;
    const prefix = project === '.' ? '' : `${project}/`;
    // Named as files so discovery climbs to the plan (a folder walk of deploy/ alone would not see it).
    for (const folder of ['deploy', 'revert']) if (statOrNull(posix.join(cwd, prefix + folder))?.dir) found.push(`${prefix}${folder}/**/*.sql`);
  }
  // A folder inside another one found already would be walked twice.
  return found.filter((f) => !found.some((other) => other !== f && !GLOB_CHARS.test(other) && isWithin(f, other)));
}

export function isWithin(path: string, folder: string): boolean {
  return folder === '.' || path === folder || path.startsWith(`${folder}/`);
}

/** Could this workspace path be one of the migrations in scope? Cheap: no file is read. */
export function mayBeMigration(path: string, scope: MigrationScope): boolean {
  if (scope.exclude.some((re) => re.test(path))) return false;
  return (
    scope.roots.some((r) => isWithin(path, r)) ||
    scope.files.includes(path) ||
    scope.globs.some((re) => re.test(path) || [...ancestors(path)].some((a) => re.test(a)))
  );
}

function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) yield path.slice(0, i);
}

export function isExcluded(path: string, scope: MigrationScope): boolean {
  return scope.exclude.some((re) => re.test(path));
}

export function describeScope(scope: MigrationScope): string {
  const all = [...scope.roots, ...scope.files];
  const shown = all.slice(0, 8).join(', ') + (all.length > 8 ? `, … (${all.length - 8} more)` : '');
  return `${shown || 'nothing'} (from ${scope.source === 'input' ? 'the migrations input' : scope.source === 'config' ? 'the config' : 'the usual folders'})`;
}
