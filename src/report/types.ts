/**
 * The report is data: every renderer (text, json, markdown, sarif, github) reads these shapes and nothing else.
 * Field names are part of the public JSON contract (schemaVersion 1): keep them.
 */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type Category =
  | 'lock'
  | 'rewrite'
  | 'data-loss'
  | 'compatibility'
  | 'correctness'
  | 'performance'
  | 'hygiene'
  | 'style';

export type Origin = 'lint' | 'run';

/** 1-based positions; columns count UTF-16 code units, as GitHub annotations and SARIF do. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding extends Span {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** The safe recipe, in one or two lines. */
  fix: string | null;
  file: string;
  statementIndex: number | null;
  origin: Origin;
  docsUrl: string | null;
  /**
   * For a static finding about locks or rewrites, whether the database run saw it happen (true), saw the
   * opposite (false: the measured fact wins, the finding is kept as info), or did not look (null/absent).
   */
  confirmedByRun?: boolean | null;
}

/**
 * How the framework executes a file:
 * - `per-file`: wrapped in one transaction (BEGIN … COMMIT around the file)
 * - `implicit`: sent as one multi-statement query, which Postgres runs as one implicit transaction
 * - `none`: statement by statement in autocommit (psql, CONCURRENTLY migrations)
 */
export type TransactionMode = 'per-file' | 'implicit' | 'none';

export type FormatName =
  | 'plain'
  | 'flyway'
  | 'golang-migrate'
  | 'goose'
  | 'dbmate'
  | 'prisma'
  | 'diesel'
  | 'sqlx'
  | 'sqitch';

export const FORMAT_NAMES: readonly FormatName[] = [
  'plain',
  'flyway',
  'golang-migrate',
  'goose',
  'dbmate',
  'prisma',
  'diesel',
  'sqlx',
  'sqitch',
];

export interface StatementReport extends Span {
  index: number;
  /** libpg-query node type, e.g. `AlterTableStmt`. */
  kind: string;
  sql: string;
  /** Filled by the database run; null when the file was only linted or the statement did not run. */
  execution: StatementExecution | null;
}

/** What Postgres did when the statement ran (pg_locks, pg_class.relfilenode, timings, EXPLAIN). */
export interface StatementExecution {
  durationMs: number;
  rowsAffected: number | null;
  error: null | { sqlstate: string; message: string; line: number; column: number };
  /** Relation locks the statement took, by the name the relation had before it; held until released. */
  locks: Array<{ relation: string; mode: string; heldMs: number }>;
  /** Relations whose relfilenode changed (rewritten), by their name before the statement. */
  rewrites: string[];
  /** How long a read and a write of the locked tables waited; null when not probed. */
  blocked: { readsMs: number; writesMs: number } | null;
  /** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of DML, which ran in the statement's place. */
  plan: unknown | null;
  /** The measurement extrapolated to production size; absent/null without production row counts or nothing to scale. */
  estimate?: StatementEstimate | null;
}

/**
 * A statement's measured figures extrapolated from the seeded row count to the production row count of the table
 * whose size drives its work ("≈ 4 min at 80M rows (measured 0.9 s at 300k)").
 */
export interface StatementEstimate {
  /** The table whose row count the work scales with (`public.users`). */
  table: string;
  /** Production row count the estimate is for. */
  rows: number;
  /** Rows the table held when the statement was measured. */
  measuredRows: number;
  /** The statement's measured time, the basis of the estimate. */
  measuredMs: number;
  /** Estimated statement time at production size. */
  durationMs: number;
  /** Estimated time its strongest lock on an existing table is held (until the transaction ends); null: none. */
  lockHeldMs: number | null;
  /** Estimated wait of reads and writes behind its locks; null when not probed. */
  blocked: { readsMs: number; writesMs: number } | null;
  /** `linear` (scans, rewrites, backfills, validations) or `n-log-n` (index builds). */
  method: 'linear' | 'n-log-n';
}

/** A query plan summarised for comparison: what a reviewer reads, plus the raw EXPLAIN JSON. */
export interface QueryPlanSummary {
  /** The plan's nodes, one line each, e.g. `Index Scan using users_email_key on public.users`. */
  shape: string[];
  /** Indexes the plan uses (schema-qualified). */
  indexes: string[];
  /** Total estimated cost of the top node. */
  cost: number;
  /** Execution time with --analyze-queries; null otherwise. */
  ms: number | null;
  /** EXPLAIN (FORMAT JSON) output. */
  plan: unknown;
  /** The query could not be planned (e.g. a column it reads was dropped): SQLSTATE and message; null otherwise. */
  error: null | { sqlstate: string; message: string };
}

/** One of the application's queries, planned on the seeded data before and after the checked migrations. */
export interface QueryReport {
  name: string;
  /** Where the query is defined (the queries file) and its 1-based line. */
  file: string;
  line: number;
  sql: string;
  before: QueryPlanSummary | null;
  after: QueryPlanSummary | null;
  /** One line for people: `unchanged`, `Seq Scan → Index Scan using x`, `cost 12 → 48,210 (×4,017)`, `fails: …`. */
  change: string;
  /** `same`, `improved`, `changed` (shape differs, cost within threshold), `regressed` (over threshold, lost an index, or now fails). */
  verdict: 'same' | 'improved' | 'changed' | 'regressed';
}

/** A named difference of one object between the schema before and after the checked migrations. */
export interface SchemaChange {
  /** `table` | `column` | `index` | `constraint` | `type` | `view` | `sequence` | `function` … */
  kind: string;
  /** Qualified name: `public.users`, `public.users.email`, `public.users_email_key`. */
  name: string;
  change: 'added' | 'dropped' | 'changed';
  /** Definition before / after (type, index definition, constraint definition), null where not applicable. */
  before: string | null;
  after: string | null;
}

export interface RunReport {
  /** The server actually used, e.g. `PostgreSQL 17.10 (embedded)`. */
  server: string;
  database: 'embedded' | 'url';
  baseFiles: number;
  durationMs: number;
  /** Provisioning, connecting and the before-state, until the first checked statement could run. */
  timeToFirstStatementMs: number;
  /** `completed`; `base-failed` (checked files reported static-only); `failed` (the run itself broke). */
  status: 'completed' | 'base-failed' | 'failed';
  /** Synthetic rows put into the existing tables before the checked files ran; null without seeding. */
  seed: null | { tables: number; rows: number; durationMs: number; notes: Array<{ table: string; message: string }> };
  /** Where production row counts came from for the estimates (`stats file <path>`, `production-rows`); null: no estimates. */
  productionRowsFrom?: string | null;
  /** Why the run did not complete, in one line; null when it did. */
  error: string | null;
}

export interface FileReport {
  path: string;
  format: FormatName;
  transaction: TransactionMode;
  statements: StatementReport[];
  findings: Finding[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'migrascope'; version: string };
  pgVersion: number;
  files: FileReport[];
  /** Findings that belong to no checked file (configuration notes, internal errors). */
  notes: Finding[];
  summary: Summary;
  /** The database run; null when the files were only linted. */
  run: RunReport | null;
  /** The configured application queries, planned before and after; empty without `queries:` or a run. */
  queries: QueryReport[];
  /** What the checked migrations changed in the schema, as the server saw it; null without a completed run. */
  schemaDiff: SchemaChange[] | null;
}

export function countSeverities(findings: Iterable<Finding>): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

export function allFindings(report: Report): Finding[] {
  return [...report.notes, ...report.files.flatMap((f) => f.findings)];
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function highestSeverity(report: Report): Severity | null {
  let best: Severity | null = null;
  for (const f of allFindings(report)) if (!best || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}
