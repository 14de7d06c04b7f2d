/**
 * The estimate's arithmetic and bookkeeping without a database: scaling, where production row counts come from,
 * which table a statement's work grows with, and how the lock-held figure and the findings follow a transaction.
 */
import { loadParser, parseSql } from '../../src/parse/parse-sql.js';
import { estimateFile, productionRowCounts } from '../../src/run/estimate.js';
import { extrapolateMs, growth, STATEMENT_OVERHEAD_MS } from '../../src/run/estimate-model.js';
import { scalingWork } from '../../src/run/estimate-work.js';
import type { FileTrace, LockRecord, TracedStatement } from '../../src/run/trace-file.js';
import type { RunFile, StatementExecution } from '../../src/run/types.js';
import type { StatsFile } from '../../src/stats/types.js';

beforeAll(() => loadParser());

describe('extrapolateMs', () => {
  test('linear work grows with the rows, the fixed part does not', () => {
    // 101 ms at 100k: 1 ms fixed, 100 ms of rows; at 80M rows 800 × 100 ms.
    expect(extrapolateMs(101, 100_000, 80_000_000, 'linear')).toBe(80_001);
    expect(extrapolateMs(101, 100_000, 100_000, 'linear')).toBe(101);
  });

  test('n·log n grows by n₂·log n₂ / n₁·log n₁', () => {
    const ratio = (400_000 * Math.log2(400_000)) / (100_000 * Math.log2(100_000));
    expect(ratio).toBeCloseTo(4.48, 2);
    expect(extrapolateMs(1 + 100, 100_000, 400_000, 'n-log-n')).toBeCloseTo(1 + 100 * ratio, 1);
    // More than linear, by the log factor alone.
    expect(extrapolateMs(101, 100_000, 80_000_000, 'n-log-n')).toBeGreaterThan(extrapolateMs(101, 100_000, 80_000_000, 'linear') * 1.5);
  });

  test('a statement no slower than the fixed overhead does not grow', () => {
    expect(STATEMENT_OVERHEAD_MS).toBe(1);
    expect(extrapolateMs(0.8, 100_000, 80_000_000, 'linear')).toBe(0.8);
    expect(extrapolateMs(1, 100_000, 80_000_000, 'n-log-n')).toBe(1);
  });

  test('fewer production rows than measured scale down', () => {
    expect(extrapolateMs(41, 100_000, 25_000, 'linear')).toBe(11);
  });

  test('growth counts a one-row table as one unit of work and refuses none', () => {
    expect(growth('n-log-n', 1)).toBe(1);
    expect(growth('linear', 0)).toBe(0);
    expect(() => extrapolateMs(5, 0, 1000, 'linear')).toThrow(/0 measured rows/);
  });
});

describe('productionRowCounts', () => {
  const stats: StatsFile = {
    migrascopeStats: 1,
    exportedAt: '2026-11-01T08:00:00Z',
    server: 'PostgreSQL 16.4',
    tables: {
      'public.orders': { rows: 80_000_000, pages: 1, totalBytes: 1, columns: {}, indexes: {} },
      'public.users': { rows: 2_000_000, pages: 1, totalBytes: 1, columns: {}, indexes: {} },
      'public.fresh': { rows: -1, pages: 0, totalBytes: 0, columns: {}, indexes: {} },
    },
  };

  test('none given: null', () => {
    expect(productionRowCounts({})).toBeNull();
    expect(productionRowCounts({ productionRows: { default: null, perTable: {} } })).toBeNull();
    // A stats file that knows no table's size gives nothing to estimate with.
    expect(productionRowCounts({ stats: { ...stats, tables: { 'public.fresh': stats.tables['public.fresh'] } } })).toBeNull();
  });

  test('production-rows per table (qualified, then bare) over the stats file over the default', () => {
    const p = productionRowCounts({ stats, productionRows: { default: 1000, perTable: { users: 5, 'app.users': 7 } } })!;
    expect(p.counts('public.users')).toBe(5);
    expect(p.counts('app.users')).toBe(7);
    expect(p.counts('public.orders')).toBe(80_000_000);
    // Never analyzed in production: unknown, so the default applies.
    expect(p.counts('public.fresh')).toBe(1000);
    expect(p.counts('public.other')).toBe(1000);
    expect(p.from).toBe('production-rows and stats file (exported 2026-11-01, PostgreSQL 16.4)');
  });

  test('the stats file alone: tables it does not list have no count', () => {
    const p = productionRowCounts({ stats })!;
    expect(p.counts('public.orders')).toBe(80_000_000);
    expect(p.counts('public.other')).toBeNull();
    expect(p.counts('public.fresh')).toBeNull();
    expect(p.from).toBe('stats file (exported 2026-11-01, PostgreSQL 16.4)');
  });

  test('a default alone', () => {
    const p = productionRowCounts({ productionRows: { default: 50_000_000, perTable: {} } })!;
    expect(p.counts('public.anything')).toBe(50_000_000);
    expect(p.from).toBe('production-rows');
  });
});

/** A traced statement as the tracer leaves it; only what the estimate reads is filled. */
function traced(index: number, transaction: number, durationMs: number, more: Partial<TracedStatement> & { plan?: unknown } = {}): TracedStatement {
  const execution: StatementExecution = {
    durationMs,
    rowsAffected: null,
    error: null,
    locks: [],
    rewrites: [],
    blocked: { readsMs: 0, writesMs: 0 },
    plan: more.plan ?? null,
  };
  return { index, execution, transaction, shared: false, locks: [], probes: [], rewritten: [], ...more };
}

function lock(relation: string, mode: LockRecord['mode'], heldMs: number): LockRecord {
  return { oid: 1, relation, mode, heldMs, existingTable: true };
}

const measured = new Map([
  ['public.orders', 100_000],
  ['app.orders', 5_000],
  ['public.users', 1_000],
  ['public.empty', 0],
]);

describe('scalingWork', () => {
  const work = (sql: string, t: Partial<TracedStatement> & { plan?: unknown } = {}) => scalingWork(parseSql(sql).statements[0], traced(0, 1, 10, t), measured);

  test('index builds are n·log n on the indexed table, resolved through the search path the locks show', () => {
    expect(work('CREATE INDEX i ON orders (a)')).toEqual({ table: 'public.orders', method: 'n-log-n' });
    expect(work('CREATE INDEX CONCURRENTLY i ON app.orders (a)')).toEqual({ table: 'app.orders', method: 'n-log-n' });
    expect(work('CREATE INDEX i ON orders (a)', { locks: [lock('app.orders', 'ShareLock', 10)] })).toEqual({ table: 'app.orders', method: 'n-log-n' });
    expect(work('ALTER TABLE orders ADD CONSTRAINT pk PRIMARY KEY (id)')).toEqual({ table: 'public.orders', method: 'n-log-n' });
    expect(work('REINDEX INDEX orders_pkey', { locks: [lock('public.orders', 'ShareLock', 10)] })).toEqual({ table: 'public.orders', method: 'n-log-n' });
  });

  test('rewrites, validations and NOT NULL are linear', () => {
    const rewritten = [{ oid: 1, filenode: 2, kind: 'r', schema: 'public', name: 'orders' }];
    expect(work('ALTER TABLE orders ALTER COLUMN a TYPE bigint', { rewritten })).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('ALTER TABLE orders ADD CONSTRAINT c CHECK (a > 0)')).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users')).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('ALTER TABLE orders VALIDATE CONSTRAINT f')).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('ALTER TABLE orders ALTER COLUMN a SET NOT NULL')).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('VACUUM FULL orders', { rewritten })).toEqual({ table: 'public.orders', method: 'linear' });
  });

  test('catalog-only changes and new tables have no work to scale', () => {
    expect(work('ALTER TABLE orders ADD COLUMN z int DEFAULT 0')).toBeNull();
    expect(work('ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users NOT VALID')).toBeNull();
    expect(work('ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX i')).toBeNull();
    expect(work('CREATE TABLE n (id int)')).toBeNull();
    expect(work('CREATE INDEX i ON brand_new (a)')).toBeNull();
    // TRUNCATE gets new storage without copying a row.
    expect(work('TRUNCATE orders', { rewritten: [{ oid: 1, filenode: 2, kind: 'r', schema: 'public', name: 'orders' }] })).toBeNull();
  });

  test('DML scales with the table its plan read in full, not with a batch', () => {
    const plan = (node: string, rows: number, removed = 0) => ({
      Plan: { 'Node Type': 'ModifyTable', 'Relation Name': 'orders', Plans: [{ 'Node Type': node, 'Relation Name': 'orders', 'Actual Rows': rows, 'Actual Loops': 1, 'Rows Removed by Filter': removed }] },
    });
    expect(work('UPDATE orders SET a = 1', { plan: plan('Seq Scan', 100_000) })).toEqual({ table: 'public.orders', method: 'linear' });
    // A filter that changes few rows still reads them all.
    expect(work('UPDATE orders SET a = 1 WHERE a IS NULL', { plan: plan('Seq Scan', 10, 99_990) })).toEqual({ table: 'public.orders', method: 'linear' });
    expect(work('UPDATE orders SET a = 1 WHERE id < 1000', { plan: plan('Index Scan', 999) })).toBeNull();
    expect(work('DELETE FROM orders', { plan: null })).toBeNull();
  });
});

describe('estimateFile', () => {
  const thresholds = { maxLockMs: 1000, maxBlockedMs: 1000, maxWorkUnderLockMs: 200 };
  const runFile = (sql: string): RunFile => ({ path: 'm.sql', transaction: 'per-file', parsed: parseSql(sql) });

  test('a lock taken early is held while a later statement of the transaction works, at its estimated time', () => {
    const file = runFile('ALTER TABLE orders ADD COLUMN z int;\nUPDATE orders SET z = 1;\nCOMMENT ON TABLE orders IS NULL;');
    const plan = { Plan: { 'Node Type': 'ModifyTable', Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Actual Rows': 100_000, 'Actual Loops': 1 }] } };
    // ALTER: 2 ms, UPDATE: 201 ms, the last 1 ms; the ACCESS EXCLUSIVE is held 210 ms in all (to the COMMIT).
    const alter = traced(0, 7, 2, { shared: true, locks: [lock('public.orders', 'AccessExclusiveLock', 210)], probes: [{ table: 'public.orders', kind: 'read', waitedMs: 205 }] });
    alter.execution.blocked = { readsMs: 205, writesMs: 205 };
    const update = traced(1, 7, 201, { shared: true, plan });
    // Its SHARE lock (and the writes it blocks) is the ALTER's finding already: the ALTER holds the table tighter.
    const comment = traced(2, 7, 1, { shared: true, locks: [lock('public.orders', 'ShareLock', 3)] });
    const trace: FileTrace = { executions: [alter.execution, update.execution, comment.execution], traced: [alter, update, comment], failure: null };
    const findings = estimateFile(file, trace, measured, () => 10_000_000, thresholds);

    // 100k → 10M rows: the UPDATE's 200 ms of rows become 20 s.
    expect(update.execution.estimate).toEqual({
      table: 'public.orders',
      rows: 10_000_000,
      measuredRows: 100_000,
      measuredMs: 201,
      durationMs: 20_001,
      lockHeldMs: null,
      blocked: { readsMs: 0, writesMs: 0 },
      method: 'linear',
    });
    // The ALTER does no work that scales: no estimate of its own, but its lock is held 210 + (20001 − 201) ms.
    expect(alter.execution.estimate).toBeNull();
    expect(comment.execution.estimate).toBeNull();
    // Only the ALTER's probe measured a wait: the UPDATE and the last statement block nothing the ALTER did not.
    expect(update.execution.estimate!.blocked).toEqual({ readsMs: 0, writesMs: 0 });
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['run-estimated-lock-held', 1],
      ['run-estimated-traffic-blocked', 1],
    ]);
    expect(findings[0].message).toBe(
      'At production size (10M rows in public.orders) this statement would hold ACCESS EXCLUSIVE on it for ≈ 20.0 s until its transaction ends, ' +
        'blocking reads and writes the whole time (threshold 1.0 s): the statement at line 2 would take ≈ 20.0 s at 10M rows (measured 201 ms at 100k), ' +
        'scaled linearly; the run held it 210 ms.',
    );
    expect(findings[1].message).toBe(
      "At production size (10M rows in public.orders), behind this statement's locks on public.orders, reads would wait ≈ 20.0 s and writes ≈ 20.0 s " +
        '(threshold 1.0 s): the statement at line 2 would take ≈ 20.0 s at 10M rows (measured 201 ms at 100k), scaled linearly; in the run they waited: reads 205 ms, writes 205 ms.',
    );
  });

  test('under the thresholds, estimates are set and nothing is reported; weak locks never are', () => {
    const file = runFile('CREATE INDEX CONCURRENTLY i ON orders (a);');
    const t = traced(0, 8, 51, { locks: [lock('public.orders', 'ShareUpdateExclusiveLock', 51)] });
    const trace: FileTrace = { executions: [t.execution], traced: [t], failure: null };
    expect(estimateFile(file, trace, measured, () => 80_000_000, thresholds)).toEqual([]);
    const e = t.execution.estimate!;
    expect(e.method).toBe('n-log-n');
    expect(e.durationMs).toBeGreaterThan(50 * 800);
    // Held as long as the build runs; it blocks neither reads nor writes.
    expect(e.lockHeldMs).toBe(e.durationMs);
    expect(e.blocked).toEqual({ readsMs: 0, writesMs: 0 });
  });

  test('no estimate from an empty table, for an unknown production size, or for a failed statement', () => {
    const file = runFile('CREATE INDEX a ON empty (a);\nCREATE INDEX b ON orders (b);\nCREATE INDEX c ON orders (c);');
    const empty = traced(0, 9, 5, { locks: [lock('public.empty', 'ShareLock', 5)] });
    const unknown = traced(1, 10, 5, { locks: [lock('public.orders', 'ShareLock', 5)] });
    const failed = traced(2, 11, 5, { locks: [lock('public.orders', 'ShareLock', 5)] });
    failed.execution.error = { sqlstate: '23505', message: 'duplicate key', line: 3, column: 1 };
    const trace: FileTrace = { executions: [empty.execution, unknown.execution, failed.execution], traced: [empty, unknown, failed], failure: null };
    expect(estimateFile(file, trace, measured, (table) => (table === 'public.empty' ? 1e9 : null), thresholds)).toEqual([]);
    expect([empty, unknown, failed].map((t) => t.execution.estimate)).toEqual([null, null, null]);
  });
});
