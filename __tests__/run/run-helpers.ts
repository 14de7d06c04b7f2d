/**
 * One embedded PostgreSQL per test file (starting one costs about a second); each run gets a fresh database
 * on it through --database-url, which is what the product does with a server it is given.
 */
import { loadParser, parseSql } from '../../src/parse/parse-sql.js';
import type { TransactionMode } from '../../src/report/types.js';
import { runMigrations, startEmbedded, type EmbeddedServer, type RunFile, type RunOptions, type RunResult } from '../../src/run/index.js';

export function useServer(): { url(): string; server(): EmbeddedServer } {
  let server: EmbeddedServer | null = null;
  beforeAll(async () => {
    await loadParser();
    server = await startEmbedded();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    url: () => server!.url,
    server: () => server!,
  };
}

export function file(path: string, sql: string, transaction: TransactionMode = 'per-file'): RunFile {
  return { path, transaction, parsed: parseSql(sql) };
}

export function run(url: string, base: RunFile[], checked: RunFile[], options: RunOptions = {}): Promise<RunResult> {
  return runMigrations(base, checked, { databaseUrl: url, ...options });
}

/** The one checked file's executions. */
export function executionsOf(result: RunResult, path = 'checked.sql') {
  const executions = result.executions.get(path);
  if (!executions) throw new Error(`no executions for ${path}`);
  return executions;
}
