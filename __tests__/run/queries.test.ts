/**
 * The application's queries planned on a real, seeded PostgreSQL before and after the checked files: verdicts,
 * findings, analyze mode, generic plans, and what planning leaves behind in the migration's session.
 */
import { readQueries } from '../../src/queries/read-queries.js';
import { compareQueries, planQueries } from '../../src/run/queries.js';
import { locateSchemaChanges, type SchemaChangeLocator } from '../../src/run/queries-blame.js';
import { diffSchema, type SchemaObject } from '../../src/run/schema-diff.js';
import type { Finding, QueryPlanSummary } from '../../src/report/types.js';
import { connect, type Session } from '../../src/run/session.js';
import { file, run, useServer } from './run-helpers.js';

const server = useServer();

const BASE = file(
  'base.sql',
  `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL);
CREATE INDEX users_email_idx ON users (email);`,
);

const QUERIES = `-- name: user_by_email :one
-- params: 'someone@example.com'
SELECT id, name FROM users WHERE email = $1;
`;

const queries = () => readQueries(QUERIES, 'queries.sql');

function runWith(checkedSql: string, options: { analyze?: boolean; queriesText?: string; transaction?: 'per-file' | 'none' } = {}) {
  const specs = options.queriesText ? readQueries(options.queriesText, 'queries.sql') : queries();
  const checked = file('checked.sql', checkedSql, options.transaction ?? 'per-file');
  return run(server.url(), [BASE], [checked], { queries: specs, analyzeQueries: options.analyze ?? false, seedRows: 5000 }).then((result) => ({ result, checked, specs }));
}

const queryFindings = (findings: Finding[]) => findings.filter((f) => f.ruleId.startsWith('run-query-'));

test('a migration dropping the index a query uses: regressed, lost index, pointed at the DROP INDEX', async () => {
  const { result, specs } = await runWith('DROP INDEX users_email_idx;');
  const [q] = result.queries;
  expect(q.before?.shape).toEqual(['Index Scan using users_email_idx on public.users']);
  expect(q.before?.indexes).toEqual(['public.users_email_idx']);
  expect(q.after?.shape).toEqual(['Seq Scan on public.users']);
  expect(q.after?.indexes).toEqual([]);
  expect(q.verdict).toBe('regressed');
  expect(q.change).toMatch(/^Index Scan using users_email_idx on public\.users → Seq Scan on public\.users; cost [\d.,]+ → [\d.,]+ \(×[\d.,]+\); index public\.users_email_idx dropped$/);
  expect(result.schemaDiff).toEqual([{ kind: 'index', name: 'public.users_email_idx', change: 'dropped', before: 'CREATE INDEX users_email_idx ON public.users USING btree (email)', after: null }]);

  // The run locates the statement responsible: the finding points at the DROP INDEX.
  const findings = queryFindings(result.findings);
  expect(findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.statementIndex, f.severity])).toEqual([['run-query-lost-index', 'checked.sql', 1, 1, 0, 'warning']]);
  expect(findings[0].message).toContain('used index public.users_email_idx, which the migrations dropped');

  // Without a locator (nothing to blame): at the query's `-- name:` line in the queries file.
  const unlocated = compareQueries(specs, [q.before!], [q.after!], { maxCostRatio: 2, schemaDiff: result.schemaDiff });
  expect(unlocated.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['run-query-lost-index', 'queries.sql', 1]]);
});

test('a migration dropping a column the query reads: the query is broken', async () => {
  const { result, checked, specs } = await runWith('CREATE TABLE audit (id int);\nALTER TABLE users DROP COLUMN email;');
  const [q] = result.queries;
  expect(q.before?.error).toBeNull();
  expect(q.after?.error).toEqual({ sqlstate: '42703', message: 'column "email" does not exist' });
  expect(q.verdict).toBe('regressed');
  expect(q.change).toBe('fails after: column "email" does not exist (42703)');
  expect(queryFindings(result.findings).map((f) => [f.ruleId, f.severity])).toEqual([['run-query-broken', 'error']]);

  const located = compareQueries(specs, [q.before!], [q.after!], { maxCostRatio: 2, schemaDiff: result.schemaDiff, locate: locateSchemaChanges([checked]) });
  expect(located.findings.map((f) => [f.ruleId, f.file, f.line, f.statementIndex])).toEqual([['run-query-broken', 'checked.sql', 2, 1]]);
  expect(located.findings[0].message).toContain('the migrations dropped column public.users.email');
});

test('an unrelated migration: same, no findings', async () => {
  const { result } = await runWith('CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL);');
  const [q] = result.queries;
  expect(q.verdict).toBe('same');
  expect(q.change).toMatch(/^unchanged \(cost [\d.,]+\)$/);
  expect(q.before?.ms).toBeNull();
  expect(queryFindings(result.findings)).toEqual([]);
  expect(result.schemaDiff?.filter((c) => c.change !== 'added')).toEqual([]);
  expect(result.schemaDiff?.map((c) => `${c.kind} ${c.name}`)).toEqual([
    'table public.audit',
    'column public.audit.at',
    'constraint public.audit.audit_pkey',
    'column public.audit.id',
    'index public.audit_pkey',
  ]);
});

test('migrations that stop at a failure: compared against the state they left, and said so', async () => {
  // One transaction per file: the failure rolls the DROP INDEX back, as it would in production.
  const { result } = await runWith('DROP INDEX users_email_idx;\nALTER TABLE users ADD COLUMN x int NOT NULL;');
  const [q] = result.queries;
  expect(q.before?.error).toBeNull();
  expect(q.after?.shape).toEqual(['Index Scan using users_email_idx on public.users']);
  expect(q.verdict).toBe('same');
  expect(q.change).toMatch(/\(after the migrations stopped at a failure\)$/);
  expect(queryFindings(result.findings)).toEqual([]);

  // Statement by statement (psql, no-transaction migrations): the DROP INDEX stays, and the query lost its index.
  const autocommit = (await runWith('DROP INDEX users_email_idx;\nALTER TABLE users ADD COLUMN x int NOT NULL;', { transaction: 'none' })).result;
  expect(autocommit.queries[0].after?.shape).toEqual(['Seq Scan on public.users']);
  expect(autocommit.queries[0].verdict).toBe('regressed');
  expect(autocommit.queries[0].change).toMatch(/index public\.users_email_idx dropped \(after the migrations stopped at a failure\)$/);
  expect(queryFindings(autocommit.findings)).toEqual([
    expect.objectContaining({ ruleId: 'run-query-lost-index', line: 1, message: expect.stringContaining('this compares the state they left') }),
  ]);

  // Plans that cannot be made afterwards are still reported as not compared.
  const none = compareQueries(result.queries.map((r) => ({ name: r.name, sql: r.sql, params: null, file: r.file, line: r.line })), [q.before!], null, { maxCostRatio: 2, schemaDiff: null });
  expect(none.reports[0]).toMatchObject({ verdict: 'changed', change: 'not compared: the migrations did not complete' });
});

test('analyze mode: times filled, DML rolled back, a query without -- params planned generically', async () => {
  const text = `-- name: rename_all
UPDATE users SET name = 'renamed';

-- name: renamed
SELECT id FROM users WHERE name = 'renamed';

-- name: by_id
SELECT name FROM users WHERE id = $1;
`;
  const { result } = await runWith('CREATE TABLE audit (id int);', { analyze: true, queriesText: text });
  const [update, select, byId] = result.queries;
  for (const plan of [update.before, update.after, select.before, select.after]) {
    expect(plan?.error).toBeNull();
    expect(typeof plan?.ms).toBe('number');
  }
  // The UPDATE ran (5000 rows) but was rolled back before the next query read the table.
  const actualRows = (plan: unknown) => (plan as Array<{ Plan: { 'Actual Rows': number; Plans?: Array<{ 'Actual Rows': number }> } }>)[0].Plan;
  expect(actualRows(update.before?.plan).Plans?.[0]['Actual Rows']).toBe(5000);
  expect(actualRows(select.before?.plan)['Actual Rows']).toBe(0);
  expect(actualRows(select.after?.plan)['Actual Rows']).toBe(0);

  expect(byId.before?.error).toBeNull();
  expect(byId.before?.ms).toBeNull();
  expect(byId.before?.shape).toEqual(['Index Scan using users_pkey on public.users']);
  expect(byId.change).toContain('generic plan (no "-- params:")');
});

describe('planning in the migration session', () => {
  let session: Session;
  beforeAll(async () => {
    session = await connect(server.url(), 'test');
    await session.query(`CREATE SCHEMA direct; CREATE TABLE direct.items (id int PRIMARY KEY, label text); INSERT INTO direct.items SELECT g, 'l' || g FROM generate_series(1, 100) g`);
  });
  afterAll(() => session.end());

  const specs = () =>
    readQueries(
      `-- name: broken
SELECT missing FROM direct.items;
-- name: delete_some
-- params: 10
DELETE FROM direct.items WHERE id <= $1;
-- name: count
SELECT count(*) FROM direct.items;
`,
      'q.sql',
    );

  test('leaves no transaction, setting, prepared statement or data change behind, and survives a failing query', async () => {
    await session.query(`SET statement_timeout = '7min'`);
    const plans = await planQueries(session, specs(), { analyze: true });
    expect(plans.map((p) => p.error?.sqlstate ?? null)).toEqual(['42703', null, null]);
    expect(plans[1].shape[0]).toBe('Delete on direct.items');
    expect(session.getTransactionStatus()).toBe('I');
    const state = await session.query(`SELECT current_setting('statement_timeout') AS timeout, (SELECT count(*)::int FROM pg_prepared_statements) AS prepared, (SELECT count(*)::int FROM direct.items) AS items`);
    expect(state.rows[0]).toEqual({ timeout: '7min', prepared: 0, items: 100 });
  });

  test('inside a transaction the migration left open: a savepoint, and its work kept', async () => {
    await session.query('BEGIN');
    await session.query(`INSERT INTO direct.items VALUES (1000, 'uncommitted')`);
    const plans = await planQueries(session, specs(), { analyze: false });
    expect(plans.map((p) => p.error?.sqlstate ?? null)).toEqual(['42703', null, null]);
    expect(plans[2].ms).toBeNull();
    expect(session.getTransactionStatus()).toBe('T');
    expect((await session.query(`SELECT count(*)::int AS n FROM direct.items`)).rows[0].n).toBe(101);
    await session.query('ROLLBACK');
  });

  test('the custom plan for the given values', async () => {
    const [plan] = await planQueries(session, readQueries(`-- name: one\n-- params: 5\nSELECT label FROM direct.items WHERE id = $1;\n`, 'q.sql'), { analyze: false });
    expect(plan.error).toBeNull();
    // A custom plan has the value in its index condition; a generic one has $1.
    expect(JSON.stringify(plan.plan)).toContain('"Index Cond":"(items.id = 5)"');
  });
});

describe('compareQueries verdicts', () => {
  const spec = { name: 'q', sql: 'SELECT a FROM t', params: null, file: 'q.sql', line: 1 };
  const plan = (shape: string[], cost: number, indexes: string[] = [], ms: number | null = null): QueryPlanSummary => ({ shape, indexes, cost, ms, plan: null, error: null });
  const compare = (before: QueryPlanSummary, after: QueryPlanSummary, schemaDiff = diffSchema(new Map(), new Map())) =>
    compareQueries([spec], [before], [after], { maxCostRatio: 2, schemaDiff });
  const seq = plan(['Seq Scan on public.t'], 100);

  test('costlier beyond the ratio without losing an index: regressed, at the query', () => {
    const { reports, findings } = compare(seq, plan(['Seq Scan on public.t'], 450));
    expect([reports[0].verdict, reports[0].change]).toEqual(['regressed', 'same plan; cost 100 → 450 (×4.5)']);
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['run-query-regressed', 'q.sql', 1]]);
  });

  test('within the ratio: changed when the shape differs, same when it does not', () => {
    expect(compare(seq, plan(['Bitmap Heap Scan on public.t', '  ->  Bitmap Index Scan using t_a'], 150, ['public.t_a'])).reports[0]).toMatchObject({
      verdict: 'changed',
      change: 'Seq Scan on public.t → Bitmap Heap Scan on public.t, Bitmap Index Scan using t_a; cost 100 → 150 (×1.5)',
    });
    expect(compare(seq, plan(['Seq Scan on public.t'], 190)).reports[0].verdict).toBe('same');
    expect(compare(seq, plan(['Seq Scan on public.t'], 190)).findings).toEqual([]);
  });

  test('cheaper beyond the ratio: improved', () => {
    expect(compare(seq, plan(['Index Scan using t_a on public.t'], 8, ['public.t_a'])).reports[0]).toMatchObject({ verdict: 'improved', change: 'Seq Scan on public.t → Index Scan using t_a on public.t; cost 100 → 8 (÷12.5)' });
  });

  test('analyzed time counts, tiny times do not', () => {
    expect(compare(plan(['Seq Scan on public.t'], 100, [], 0.02), plan(['Seq Scan on public.t'], 100, [], 0.09)).reports[0].verdict).toBe('same');
    const slower = compare(plan(['Seq Scan on public.t'], 100, [], 2), plan(['Seq Scan on public.t'], 100, [], 9));
    expect(slower.reports[0].verdict).toBe('regressed');
    expect(slower.findings[0].message).toContain('time 2.0 ms → 9.0 ms');
  });

  test('failing before and after is the same; failing only before is a change, with no finding', () => {
    const fails: QueryPlanSummary = { ...plan([], 0), error: { sqlstate: '42P01', message: 'relation "t" does not exist' } };
    expect(compare(fails, fails).reports[0]).toMatchObject({ verdict: 'same', change: 'fails before and after: relation "t" does not exist (42P01)' });
    expect(compare(fails, seq)).toMatchObject({ reports: [{ verdict: 'changed', change: 'plans after (failed before: relation "t" does not exist (42P01)); cost 100' }], findings: [] });
  });

  test('an index renamed and still used is not lost; one renamed and no longer used is', () => {
    const object = (name: string, own: string): SchemaObject => ({ kind: 'index', name, own, definition: `CREATE INDEX ${own} ON public.t USING btree (a)`, fingerprint: own });
    const diff = diffSchema(new Map([['rel:1', object('public.t_a', 't_a')]]), new Map([['rel:1', object('public.t_a_new', 't_a_new')]]));
    const before = plan(['Index Scan using t_a on public.t'], 8, ['public.t_a']);
    expect(compare(before, plan(['Index Scan using t_a_new on public.t'], 8, ['public.t_a_new']), diff).findings).toEqual([]);
    expect(compare(before, plan(['Seq Scan on public.t'], 9), diff).findings.map((f) => f.ruleId)).toEqual(['run-query-lost-index']);
  });

  test('an index dropped while another serves the query as cheaply: changed, no finding', () => {
    const object: SchemaObject = { kind: 'index', name: 'public.t_a', own: 't_a', definition: 'CREATE INDEX t_a ON public.t USING btree (a)', fingerprint: 'x' };
    const diff = diffSchema(new Map([['rel:1', object]]), new Map());
    const before = plan(['Index Scan using t_a on public.t'], 8, ['public.t_a']);
    expect(compare(before, plan(['Index Scan using t_a_key on public.t'], 8.2, ['public.t_a_key']), diff)).toMatchObject({
      reports: [{ verdict: 'changed', change: 'Index Scan using t_a on public.t → Index Scan using t_a_key on public.t; cost 8 → 8.2; index public.t_a dropped, public.t_a_key used instead' }],
      findings: [],
    });
    // Not when the other index serves it far worse.
    expect(compare(before, plan(['Index Scan using t_ab on public.t'], 80, ['public.t_ab']), diff).findings.map((f) => f.ruleId)).toEqual(['run-query-lost-index']);
  });
});

describe('locateSchemaChanges', () => {
  const SQL = `ALTER TABLE public.users DROP COLUMN email;
DROP INDEX users_email_idx;
ALTER TABLE users DROP CONSTRAINT users_name_key;
ALTER TABLE orders RENAME COLUMN total TO amount;`;
  // Parsed when used: the parser is loaded in beforeAll.
  const locate: SchemaChangeLocator = (change) => locateSchemaChanges([file('m.sql', SQL)])(change);
  const at = (kind: string, name: string, change: 'dropped' | 'changed' = 'dropped', before: string | null = null) => locate({ kind, name, change, before, after: null })?.statementIndex ?? null;

  test('the statement that drops the object itself wins over one that took it along', () => {
    expect(at('index', 'public.users_email_idx', 'dropped', 'CREATE INDEX users_email_idx ON public.users USING btree (email)')).toBe(1);
    expect(at('column', 'public.users.email')).toBe(0);
  });

  test('a constraint dropped, and the index that backed it; an index on a dropped column', () => {
    expect(at('constraint', 'public.users.users_name_key')).toBe(2);
    expect(at('index', 'public.users_name_key', 'dropped', 'CREATE UNIQUE INDEX users_name_key ON public.users USING btree (name)')).toBe(2);
    expect(at('index', 'public.users_email_lower', 'dropped', 'CREATE INDEX users_email_lower ON public.users USING btree (lower(email))')).toBe(0);
  });

  test('nothing for objects the statements do not touch, or another schema named explicitly', () => {
    expect(at('index', 'public.orders_total_idx', 'dropped', 'CREATE INDEX orders_total_idx ON public.orders USING btree (status)')).toBeNull();
    expect(at('column', 'other.users.email')).toBeNull();
    expect(locate({ kind: 'table', name: 'public.users', change: 'added', before: null, after: null })).toBeNull();
  });
});
