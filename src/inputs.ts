/**
 * The only reader of action inputs. Turns them into Options with the same validation as the CLI and config; a bad
 * value stops the step before anything talks to GitHub, with a message that names the input.
 */
import * as core from '@actions/core';
import { ConfigError, parseFailOn, parsePgVersion, parseProductionRows, parseSeedRows, type Options } from './config.js';
import { parseCommandTrigger, parseDatabaseUrl } from './github/run-parameters.js';

export interface ActionInputs {
  githubToken: string;
  /** Globs, files or folders from the `migrations` input; empty: the config's `paths`, then the usual folders. */
  migrations: string[];
  /** pgVersion, failOn, and for the database run databaseUrl, run and seedRows. */
  options: Partial<Options>;
  configPath: string | undefined;
  /** Post and update the sticky PR comment. */
  comment: boolean;
  /** The comment trigger, `/migrascope` unless changed. */
  command: string;
  sarifFile: string | undefined;
}

export function readInputs(): ActionInputs {
  const migrations = core
    .getMultilineInput('migrations')
    .flatMap((line) => line.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const pgVersion = core.getInput('pg-version');
  const failOn = core.getInput('fail-on');
  const databaseUrl = core.getInput('database-url');
  // Mask before validating: an error message must never be the first place the password shows up.
  if (databaseUrl) maskDatabaseUrl(databaseUrl);
  const seedRows = core.getInput('seed-rows');
  const productionRows = core.getInput('production-rows');
  const stats = core.getInput('stats');
  const queries = core
    .getMultilineInput('queries')
    .flatMap((line) => line.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const url = databaseUrl ? parseDatabaseUrl(databaseUrl, 'input database-url') : null;
  return {
    githubToken: core.getInput('github-token'),
    migrations,
    options: {
      pgVersion: pgVersion ? parsePgVersion(pgVersion, 'input pg-version') : undefined,
      failOn: failOn ? parseFailOn(failOn, 'input fail-on') : undefined,
      // In the action the database is the job's service container: without one, the check is static.
      run: url !== null,
      databaseUrl: url ?? undefined,
      seedRows: seedRows ? parseSeedRows(seedRows, 'input seed-rows') : undefined,
      productionRows: productionRows ? parseProductionRows(productionRows, 'input production-rows') : undefined,
      stats: stats || undefined,
      queries,
      analyzeQueries: core.getInput('analyze-queries') ? readBoolean('analyze-queries', false) : undefined,
    },
    configPath: core.getInput('config') || undefined,
    comment: readBoolean('comment', true),
    command: parseCommandTrigger(core.getInput('command') || '/migrascope', 'input command'),
    sarifFile: core.getInput('sarif-file') || undefined,
  };
}

/** core.getBooleanInput throws on an empty value; an input left out of a local run means its default. */
function readBoolean(name: string, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (!value) return fallback;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new ConfigError(`input ${name}: ${JSON.stringify(value)} is not true or false`);
}

const THROWAWAY_PASSWORDS = new Set(['postgres', 'password']);

function maskDatabaseUrl(value: string): void {
  core.setSecret(value);
  try {
    const password = decodeURIComponent(new URL(value).password);
    // The service container's throwaway "postgres" would mask every occurrence of the word in the log; it guards
    // nothing, since the container is gone when the job ends.
    if (password.length >= 8 && !THROWAWAY_PASSWORDS.has(password)) core.setSecret(password);
  } catch {
    // Not a URL: parseDatabaseUrl says so next.
  }
}
