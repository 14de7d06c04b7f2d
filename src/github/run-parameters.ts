/**
 * Values that reach a run from action inputs or from a `/migrascope run key=value` comment, and the comment command
 * itself. Pure: the same checks serve `inputs.ts` and the comment trigger, so a value means the same in both places.
 */
import { ConfigError, parseFailOn, parsePgVersion, parseRowCount, parseSeedRows, type FailOn } from '../config.js';

/** What a comment may change for one run. Anything else is refused by name. */
export const RERUN_PARAMETERS = ['seed-rows', 'production-rows', 'pg-version', 'fail-on'] as const;
export type RerunParameter = (typeof RERUN_PARAMETERS)[number];

export interface RunOverrides {
  seedRows?: number;
  /** Production row count of every table, for the estimates (the config's per-table counts still apply). */
  productionRows?: number;
  pgVersion?: number;
  failOn?: FailOn;
}

/** The URL with its password replaced, for messages: a database URL is a secret. */
export function redactDatabaseUrl(value: string): string {
  // Up to the last @ of the authority, as URL parsing reads it: a password may hold an unencoded @.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^/]*@/i, '$1***@');
}

/**
 * `postgres://user:password@host:port/db` (or `postgresql://`). An empty port is the classic sign of a
 * `${{ job.services.postgres.ports['5432'] }}` that names no service, so it gets its own message.
 */
export function parseDatabaseUrl(value: string, where = 'database-url'): string {
  const shown = JSON.stringify(redactDatabaseUrl(value));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${where}: ${shown} is not a URL; expected postgres://user:password@host:port/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${where}: ${shown} is not a PostgreSQL URL; expected postgres://user:password@host:port/database`);
  }
  if (!url.hostname) throw new ConfigError(`${where}: ${shown} names no host; expected postgres://user:password@host:port/database`);
  if (/@[^/@]*:(?:\/|$)/.test(value) || /^[a-z]+:\/\/[^/@]*:(?:\/|$)/i.test(value)) {
    throw new ConfigError(
      `${where}: ${shown} has an empty port; with a service container use \${{ job.services.postgres.ports['5432'] }} and check that the service is called "postgres"`,
    );
  }
  return value;
}

/**
 * The comment trigger: one word such as `/migrascope`, so it cannot be confused with prose. No backticks or markup
 * characters, since the report comment shows it in a code span.
 */
export function parseCommandTrigger(value: string, where = 'command'): string {
  const trigger = value.trim();
  if (!/^[^\s`<>&|\\]+$/.test(trigger)) throw new ConfigError(`${where}: ${JSON.stringify(value)} must be one word without backticks or markup, such as /migrascope`);
  return trigger;
}

export type ParsedCommand =
  /** The comment is not addressed to us: ignore it quietly. */
  | { kind: 'none' }
  /** Addressed to us with a sub-command we do not know: ignored quietly too (it may be meant for a newer version). */
  | { kind: 'unknown'; subcommand: string }
  /** `run` with parameters that cannot be used; nothing runs and the author is told why. */
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'run'; overrides: RunOverrides };

const MAX_ECHOED = 60;

/** Author text quoted back in a reply: short, one line. The caller escapes it for markdown. */
function echo(text: string): string {
  return text.length > MAX_ECHOED ? `${text.slice(0, MAX_ECHOED)}…` : text;
}

/**
 * Reads `/migrascope run seed-rows=1000000 pg-version=16` from the first non-empty line of a comment. The trigger
 * must be the line's first word (so quoting the command in prose, `> /migrascope run` or a code span, does nothing).
 */
export function parseCommand(body: string, trigger: string): ParsedCommand {
  const firstLine = body.split(/\r\n|\r|\n/).find((line) => line.trim() !== '')?.trim() ?? '';
  const words = firstLine.split(/\s+/);
  if (words[0] !== trigger) return { kind: 'none' };
  const subcommand = words[1] ?? '';
  if (subcommand !== 'run') return { kind: 'unknown', subcommand };

  const problems: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const overrides: RunOverrides = {};
  for (const word of words.slice(2)) {
    const eq = word.indexOf('=');
    if (eq <= 0) {
      problems.push(`"${echo(word)}" is not a parameter; expected key=value, e.g. seed-rows=100000`);
      continue;
    }
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (!(RERUN_PARAMETERS as readonly string[]).includes(key)) {
      unknown.push(echo(key));
      continue;
    }
    if (seen.has(key)) {
      problems.push(`${key} is given twice`);
      continue;
    }
    seen.add(key);
    try {
      applyParameter(overrides, key as RerunParameter, value);
    } catch (error) {
      // The validators start with "<where>: "; here the key is already the subject of the sentence.
      const message = error instanceof Error ? error.message : String(error);
      problems.push(message.startsWith(`${key}: `) ? message.slice(key.length + 2) : message);
    }
  }
  if (unknown.length) {
    const names = unknown.map((k) => `"${k}"`).join(', ');
    problems.unshift(`unknown parameter${unknown.length > 1 ? 's' : ''} ${names}; allowed: ${RERUN_PARAMETERS.join(', ')}`);
  }
  return problems.length ? { kind: 'invalid', problems } : { kind: 'run', overrides };
}

function applyParameter(overrides: RunOverrides, key: RerunParameter, value: string): void {
  const where = key;
  switch (key) {
    case 'seed-rows':
      overrides.seedRows = parseSeedRows(value, where);
      return;
    case 'production-rows':
      overrides.productionRows = parseRowCount(value, where);
      return;
    case 'pg-version':
      overrides.pgVersion = parsePgVersion(value, where);
      return;
    case 'fail-on':
      overrides.failOn = parseFailOn(value, where);
      return;
  }
}

/** `seed-rows=1000000 pg-version=16`, rebuilt from validated values (never the author's text). */
export function describeOverrides(overrides: RunOverrides): string {
  const parts: string[] = [];
  if (overrides.seedRows !== undefined) parts.push(`seed-rows=${overrides.seedRows}`);
  if (overrides.productionRows !== undefined) parts.push(`production-rows=${overrides.productionRows}`);
  if (overrides.pgVersion !== undefined) parts.push(`pg-version=${overrides.pgVersion}`);
  if (overrides.failOn !== undefined) parts.push(`fail-on=${overrides.failOn}`);
  return parts.join(' ');
}
