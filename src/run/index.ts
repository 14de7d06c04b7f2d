/** The database run: migrations executed on a disposable PostgreSQL, measured statement by statement. */
export { applyPlain, runMigrations, type PlainResult } from './run-migrations.js';
export { startEmbedded, type EmbeddedServer } from './provision-embedded.js';
export { RUN_FINDINGS, type RunFindingId } from './findings.js';
export {
  RUN_DEFAULTS,
  type BaseFailure,
  type RunFile,
  type RunOptions,
  type RunResult,
  type RunSummary,
  type StatementError,
  type StatementExecution,
  type StatementLock,
} from './types.js';
