import { countSeverities, type Finding, type Report, type Span, type StatementReport } from '../../src/report/types.js';

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
