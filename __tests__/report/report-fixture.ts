import {
  countSeverities,
  type Finding,
  type QueryPlanSummary,
  type QueryReport,
  type Report,
  type SchemaChange,
  type Span,
  type StatementExecution,
  type StatementReport,
} from '../../src/report/types.js';

/**
 * A hand-built report as the pipeline would produce it for two migrations: errors, warnings and infos, a note about
 * no file, a multi-byte identifier ("café") and SQL from a PR author holding backticks, a fence, HTML, pipes and an
 * @mention. Positions are computed from the sources (end column exclusive), so they are right by construction.
 */

export const GOOSE_PATH = 'db/migrations/20240105120000_orders.sql';
export const GOOSE_SOURCE = [
  '-- +goose Up',
  '-- Reviewed by @someone',
  'CREATE INDEX idx_orders_customer ON orders (customer_id);',
  'ALTER TABLE "café" ALTER COLUMN prix TYPE numeric(12,2);',
  "ALTER TABLE orders ADD COLUMN note varchar(255) DEFAULT '``` fences | pipes <b>bold</b> & @someone';",
  '',
].join('\n');

export const MIGRATE_PATH = 'migrations/000002_users_email.up.sql';
export const MIGRATE_SOURCE = [
  'ALTER TABLE users ADD COLUMN email text;',
  'CREATE TABLE audit_log (id serial PRIMARY KEY, body text);',
  'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
  '',
].join('\n');

export const SOURCES: ReadonlyMap<string, string> = new Map([
  [GOOSE_PATH, GOOSE_SOURCE],
  [MIGRATE_PATH, MIGRATE_SOURCE],
]);

/** The span of the first occurrence of `needle` in `source`; columns are UTF-16 units, end exclusive. */
export function spanOf(source: string, needle: string): Span {
  const start = source.indexOf(needle);
  if (start < 0) throw new Error(`spanOf: "${needle}" is not in the source`);
  const at = (offset: number) => {
    const before = source.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const from = at(start);
  const to = at(start + needle.length);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function statement(source: string, index: number, kind: string, sql: string): StatementReport {
  return { index, ...spanOf(source, sql), kind, sql, execution: null };
}

const DOCS = 'https://github.com/migrascope/migrascope/blob/main/docs/rules';

function finding(
  file: string,
  source: string,
  needle: string,
  fields: Pick<Finding, 'ruleId' | 'category' | 'severity' | 'message' | 'fix' | 'statementIndex'> & Partial<Finding>,
): Finding {
  return {
    origin: 'lint',
    file,
    docsUrl: `${DOCS}/${fields.ruleId}.md`,
    confirmedByRun: null,
    ...spanOf(source, needle),
    ...fields,
  };
}

const gooseStatements = [
  statement(GOOSE_SOURCE, 0, 'IndexStmt', 'CREATE INDEX idx_orders_customer ON orders (customer_id)'),
  statement(GOOSE_SOURCE, 1, 'AlterTableStmt', 'ALTER TABLE "café" ALTER COLUMN prix TYPE numeric(12,2)'),
  statement(
    GOOSE_SOURCE,
    2,
    'AlterTableStmt',
    "ALTER TABLE orders ADD COLUMN note varchar(255) DEFAULT '``` fences | pipes <b>bold</b> & @someone'",
  ),
];

const migrateStatements = [
  statement(MIGRATE_SOURCE, 0, 'AlterTableStmt', 'ALTER TABLE users ADD COLUMN email text'),
  statement(MIGRATE_SOURCE, 1, 'CreateStmt', 'CREATE TABLE audit_log (id serial PRIMARY KEY, body text)'),
  statement(MIGRATE_SOURCE, 2, 'AlterTableStmt', 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)'),
];

const gooseFindings: Finding[] = [
  finding(GOOSE_PATH, GOOSE_SOURCE, 'ALTER COLUMN prix TYPE numeric(12,2)', {
    ruleId: 'changing-column-type',
    category: 'rewrite',
    severity: 'error',
    message: 'Changing the type of column "prix" on "café" rewrites the table and its indexes under an ACCESS EXCLUSIVE lock',
    fix: 'Add a new column, backfill it in batches, then swap the names in one short transaction.',
    statementIndex: 1,
  }),
  finding(GOOSE_PATH, GOOSE_SOURCE, 'CREATE INDEX idx_orders_customer ON orders (customer_id)', {
    ruleId: 'require-concurrent-index',
    category: 'lock',
    severity: 'error',
    message: 'Creating index "idx_orders_customer" on existing table "orders" blocks writes until it is built',
    fix: 'Use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction (-- +goose NO TRANSACTION).',
    statementIndex: 0,
  }),
  finding(GOOSE_PATH, GOOSE_SOURCE, 'CREATE INDEX', {
    ruleId: 'require-lock-timeout',
    category: 'lock',
    severity: 'warning',
    message: 'No lock_timeout is set before the first statement that takes a strong lock: while it waits, every query on the table queues behind it',
    fix: "Start the migration with SET lock_timeout = '2s'; and retry on timeout.",
    statementIndex: 0,
  }),
  finding(GOOSE_PATH, GOOSE_SOURCE, 'varchar(255)', {
    ruleId: 'prefer-text-field',
    category: 'style',
    severity: 'info',
    message: 'Column "note" uses varchar(255); text with a CHECK constraint can be changed later without a rewrite',
    fix: 'Use text, and CHECK (char_length(note) <= 255) if the limit matters.',
    statementIndex: 2,
  }),
];

const migrateFindings: Finding[] = [
  finding(MIGRATE_PATH, MIGRATE_SOURCE, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', {
    ruleId: 'disallow-unique-constraint',
    category: 'lock',
    severity: 'warning',
    message: 'Adding UNIQUE constraint "users_email_key" builds its index under an ACCESS EXCLUSIVE lock on "users"',
    fix: 'CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX.',
    statementIndex: 2,
  }),
  finding(MIGRATE_PATH, MIGRATE_SOURCE, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', {
    ruleId: 'lock-held-long',
    category: 'lock',
    severity: 'warning',
    origin: 'run',
    message: 'ACCESS EXCLUSIVE on "users" was held for 1.8 s | 3 sessions waited',
    fix: null,
    statementIndex: 2,
  }),
  finding(MIGRATE_PATH, MIGRATE_SOURCE, 'serial', {
    ruleId: 'prefer-identity',
    category: 'style',
    severity: 'info',
    message: 'Column "id" uses serial; identity columns have cleaner permissions and ownership',
    fix: 'Declare it as `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.',
    statementIndex: 1,
  }),
];

const note: Finding = {
  ruleId: 'unknown-rule',
  category: 'hygiene',
  severity: 'warning',
  origin: 'lint',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  statementIndex: null,
  file: '',
  message: 'Rule "require-concurrent-idx" in the configuration does not exist (added by @someone); it is ignored',
  fix: null,
  docsUrl: null,
  confirmedByRun: null,
};

/** A fresh copy each call, so a test that mutates it cannot affect another. */
export function makeReport(): Report {
  const files = [
    { path: GOOSE_PATH, format: 'goose' as const, transaction: 'per-file' as const, statements: gooseStatements, findings: gooseFindings },
    { path: MIGRATE_PATH, format: 'golang-migrate' as const, transaction: 'implicit' as const, statements: migrateStatements, findings: migrateFindings },
  ];
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'migrascope', version: '0.1.0' },
    pgVersion: 17,
    files,
    notes: [note],
    summary: countSeverities([note, ...gooseFindings, ...migrateFindings]),
    run: null,
    queries: [],
    schemaDiff: null,
  };
  return structuredClone(report);
}

/** A report for the given findings in one file, summary counted. */
export function reportWith(findings: Finding[], notes: Finding[] = []): Report {
  const base = makeReport();
  const file = { ...base.files[0]!, findings };
  return { ...base, files: [file], notes, summary: countSeverities([...notes, ...findings]) };
}

export const QUERIES_PATH = 'db/queries.sql';
export const QUERIES_SOURCE = [
  '-- name: users_by_id',
  'SELECT * FROM users WHERE id = $1;',
  '-- name: orders_by_customer',
  'SELECT * FROM orders WHERE customer_id = $1;',
  '-- name: orders_per_day',
  'SELECT created_at::date, count(*) FROM orders GROUP BY 1;',
  '-- name: users_by_email',
  'SELECT * FROM users WHERE lower(email) = lower($1);',
  '-- name: user_emails',
  'SELECT id, email FROM users ORDER BY id LIMIT 50;',
  '',
].join('\n');

/** A measured execution with every field present (as the JSON contract writes it). */
export function execution(fields: Partial<StatementExecution> = {}): StatementExecution {
  return { durationMs: 3.2, rowsAffected: null, error: null, locks: [], rewrites: [], blocked: null, plan: null, estimate: null, ...fields };
}

/** A plan summary with a small EXPLAIN JSON behind it. */
export function plan(shape: string[], cost: number, ms: number | null, indexes: string[] = []): QueryPlanSummary {
  const [top] = shape;
  return {
    shape,
    indexes,
    cost,
    ms,
    plan: [{ Plan: { 'Node Type': top?.replace(/ (using|on) .*$/, '').trim() ?? 'Result', 'Total Cost': cost, Plans: [] } }],
    error: null,
  };
}

function query(name: string, before: QueryPlanSummary | null, after: QueryPlanSummary | null, change: string, verdict: QueryReport['verdict']): QueryReport {
  const marker = `-- name: ${name}\n`;
  const sql = QUERIES_SOURCE.slice(QUERIES_SOURCE.indexOf(marker) + marker.length).split('\n')[0]!;
  return { name, file: QUERIES_PATH, line: spanOf(QUERIES_SOURCE, marker).line, sql, before, after, change, verdict };
}

/** One query of each verdict, in report order (not regressed first), one of them now failing to plan. */
export function makeQueries(): QueryReport[] {
  return [
    query('users_by_id', plan(['Index Scan using users_pkey on public.users'], 8.29, 0.04, ['public.users_pkey']), plan(['Index Scan using users_pkey on public.users'], 8.29, 0.05, ['public.users_pkey']), 'unchanged', 'same'),
    query('orders_by_customer', plan(['Seq Scan on public.orders'], 18334, 41.3), plan(['Bitmap Heap Scan on public.orders', '  ->  Bitmap Index Scan on idx_orders_customer'], 96.5, 0.21, ['public.idx_orders_customer']), 'Seq Scan → Bitmap Index Scan on idx_orders_customer, cost 18,334 → 96.5', 'improved'),
    query('orders_per_day', plan(['HashAggregate', '  ->  Seq Scan on public.orders'], 2410, 30.2), plan(['GroupAggregate', '  ->  Sort', '        ->  Seq Scan on public.orders'], 2655, 33.9), 'HashAggregate → GroupAggregate, cost 2,410 → 2,655 (×1.1)', 'changed'),
    query('users_by_email', plan(['Index Scan using users_lower_email_idx on public.users'], 8.31, 0.05, ['public.users_lower_email_idx']), plan(['Seq Scan on public.users'], 4210, 18.7), 'Index Scan using users_lower_email_idx → Seq Scan, cost 8.31 → 4,210 (×507)', 'regressed'),
    query('user_emails', plan(['Limit', '  ->  Index Scan using users_pkey on public.users'], 3.1, 0.03, ['public.users_pkey']), { shape: [], indexes: [], cost: 0, ms: null, plan: null, error: { sqlstate: '42703', message: 'column "email" does not exist' } }, 'fails: column "email" does not exist', 'regressed'),
  ];
}

export function makeSchemaDiff(): SchemaChange[] {
  return [
    { kind: 'table', name: 'public.audit_log', change: 'added', before: null, after: null },
    { kind: 'column', name: 'public.audit_log.id', change: 'added', before: null, after: 'integer NOT NULL' },
    { kind: 'column', name: 'public.orders.note', change: 'added', before: null, after: "character varying(255) DEFAULT '``` fences | pipes <b>bold</b> & @someone'" },
    { kind: 'index', name: 'public.idx_orders_customer', change: 'added', before: null, after: 'CREATE INDEX idx_orders_customer ON public.orders USING btree (customer_id)' },
    { kind: 'index', name: 'public.users_lower_email_idx', change: 'dropped', before: 'CREATE INDEX users_lower_email_idx ON public.users USING btree (lower(email))', after: null },
    { kind: 'column', name: 'public.users.email', change: 'dropped', before: 'text', after: null },
    { kind: 'column', name: 'public."café".prix', change: 'changed', before: 'integer', after: 'numeric(12,2)' },
  ];
}

/** The notes a run with queries adds: findings about the queries file, not a migration. */
function queryNotes(): Finding[] {
  const at = (needle: string) => spanOf(QUERIES_SOURCE, needle);
  return [
    {
      ruleId: 'run-query-broken', category: 'compatibility', severity: 'error', origin: 'run', ...at('SELECT id, email FROM users ORDER BY id LIMIT 50;'),
      statementIndex: null, file: QUERIES_PATH, message: 'Query "user_emails" plans before the migrations but fails after them: column "email" does not exist',
      fix: 'Deploy the application change that stops using the dropped or renamed object first (expand, migrate, contract), then drop it in a later migration.',
      docsUrl: `${DOCS}/run-query-broken.md`, confirmedByRun: null,
    },
    {
      ruleId: 'run-query-lost-index', category: 'performance', severity: 'warning', origin: 'run', ...at('SELECT * FROM users WHERE lower(email) = lower($1);'),
      statementIndex: null, file: QUERIES_PATH, message: 'Query "users_by_email" no longer uses index public.users_lower_email_idx (dropped): Seq Scan, cost 8.31 → 4,210',
      fix: 'Create the replacement index CONCURRENTLY before dropping or changing the one the query uses, and drop the old one only once plans use the new one.',
      docsUrl: `${DOCS}/run-query-lost-index.md`, confirmedByRun: null,
    },
  ];
}

/**
 * The fixture report after a completed database run with production row counts, application queries and a schema
 * diff: every field of the contract filled. Goose statements 0 and 1 have estimates, statement 2 ran without one; the
 * golang-migrate file ran without estimates.
 */
export function makeFullReport(): Report {
  const report = makeReport();
  const [goose, migrate] = report.files as [Report['files'][0], Report['files'][0]];
  goose.statements[0]!.execution = execution({
    durationMs: 840,
    rowsAffected: null,
    locks: [{ relation: 'public.orders', mode: 'ShareLock', heldMs: 840 }],
    blocked: { readsMs: 0, writesMs: 830 },
    estimate: { table: 'public.orders', rows: 80_000_000, measuredRows: 300_000, measuredMs: 840, durationMs: 252_000, lockHeldMs: 252_000, blocked: { readsMs: 0, writesMs: 251_000 }, method: 'n-log-n' },
  });
  goose.statements[1]!.execution = execution({
    durationMs: 1250,
    locks: [{ relation: 'public."café"', mode: 'AccessExclusiveLock', heldMs: 1250 }],
    rewrites: ['public."café"'],
    estimate: { table: 'public."café"', rows: 2_500_000, measuredRows: 100_000, measuredMs: 1250, durationMs: 31_250, lockHeldMs: 31_250, blocked: null, method: 'linear' },
  });
  goose.statements[2]!.execution = execution({ durationMs: 0.8, locks: [{ relation: 'public.orders', mode: 'AccessExclusiveLock', heldMs: 0.8 }] });
  migrate.statements[0]!.execution = execution({ durationMs: 0.6, locks: [{ relation: 'public.users', mode: 'AccessExclusiveLock', heldMs: 0.6 }] });
  report.notes.push(...queryNotes());
  report.summary = countSeverities([...report.notes, ...report.files.flatMap((f) => f.findings)]);
  report.run = {
    server: 'PostgreSQL 17.10 (embedded)',
    database: 'embedded',
    baseFiles: 4,
    durationMs: 6400,
    timeToFirstStatementMs: 1800,
    status: 'completed',
    seed: { tables: 3, rows: 500_000, durationMs: 2100, notes: [] },
    productionRowsFrom: 'stats file db/prod-stats.json',
    error: null,
  };
  report.queries = makeQueries();
  report.schemaDiff = makeSchemaDiff();
  return structuredClone(report);
}
