/**
 * Production-size estimates on a real PostgreSQL: the model checked against measurements at two sizes, thresholds
 * that turn estimates into findings, and no estimates without production row counts.
 */
import { executionsOf, file, run, useServer } from './run-helpers.js';

const server = useServer();

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

describe('the model, validated against measurements at two sizes', () => {
  const SMALL = 100_000;
  const LARGE = 400_000;
  const REPETITIONS = 7;
  /**
   * The estimate for 400k rows made from a measurement at 100k must come within ±35% of what 400k rows measure.
   *
   * Observed on the 2-core development VM (median of the paired ratios per run): with the machine otherwise idle,
   * the serial index build came within −9%…+3% and the rewrite (int → bigint and back, which also rebuilds the
   * primary key) within −12%…0%; with other test suites seeding on the same cores, −20%…+14%, and down to −32% for
   * the rewrite in the worst run, under three concurrent runs of this measurement. The error leans negative: the bigger table fits the CPU caches less well, so
   * production tends to run a little slower than the extrapolation. ±35% covers the loaded worst case; it is far
   * below what a wrong model or a wrong basis gives (no scaling: −75%; quadratic: +300%; the other table's rows:
   * ±75%), though too wide to tell n·log n from linear at a 4× step (12% apart) — the unit tests pin that.
   */
  const TOLERANCE = 0.35;

  // Random values, not seeded ones: the seeder's integers ascend, and PostgreSQL's sort notices presorted input,
  // so an index build on them would not sort at all. parallel_workers = 0 keeps both builds serial: PostgreSQL
  // gives the larger table parallel workers (the smaller gets none), which the model does not know about; on
  // production that makes the estimate an overestimate, here it would only measure the worker count.
  const table = (name: string, rows: number) => `CREATE TABLE ${name} (id int PRIMARY KEY, n int NOT NULL, s text NOT NULL);
INSERT INTO ${name} SELECT i, (random() * 2e9 - 1e9)::int, md5(i::text) FROM generate_series(1, ${rows}) i;
ALTER TABLE ${name} SET (parallel_workers = 0);
VACUUM ANALYZE ${name};`;

  test(`an index build (n·log n) and a rewrite (linear) at ${LARGE} rows, estimated from ${SMALL}, within ±${TOLERANCE * 100}%`, async () => {
    const statements: string[] = [];
    // Each repetition measures both sizes back to back, so a burst of load elsewhere hits both of a pair.
    for (let i = 0; i < REPETITIONS; i++) {
      statements.push('CREATE INDEX small_n ON small (n);', 'CREATE INDEX large_n ON large (n);', 'DROP INDEX small_n;', 'DROP INDEX large_n;');
      statements.push('ALTER TABLE small ALTER COLUMN n TYPE bigint;', 'ALTER TABLE large ALTER COLUMN n TYPE bigint;');
      statements.push('ALTER TABLE small ALTER COLUMN n TYPE int;', 'ALTER TABLE large ALTER COLUMN n TYPE int;');
    }
    const checked = file('checked.sql', statements.join('\n'), 'none');
    const result = await run(server.url(), [file('base.sql', `${table('small', SMALL)}\n${table('large', LARGE)}`, 'none')], [checked], {
      // The small table's "production" is the large one's size: its estimates predict what the large one measures.
      productionRows: { default: null, perTable: { small: LARGE, large: LARGE } },
      blockingProbe: false,
    });
    expect(result.baseFailure).toBeNull();
    const executions = executionsOf(result);
    const pairs = { 'n-log-n': [] as number[], linear: [] as number[] };
    for (const [i, stmt] of checked.parsed.statements.entries()) {
      if (!stmt.sql.startsWith('CREATE INDEX small') && !stmt.sql.startsWith('ALTER TABLE small')) continue;
      const small = executions[i]!;
      const large = executions[i + 1]!;
      expect(small.error).toBeNull();
      expect(large.error).toBeNull();
      const estimate = small.estimate!;
      expect(estimate).toMatchObject({ table: 'public.small', rows: LARGE, measuredRows: SMALL, measuredMs: small.durationMs });
      expect(estimate.method).toBe(stmt.sql.startsWith('CREATE INDEX') ? 'n-log-n' : 'linear');
      pairs[estimate.method].push(estimate.durationMs / large.durationMs);
    }
    expect(pairs['n-log-n']).toHaveLength(REPETITIONS);
    expect(pairs.linear).toHaveLength(2 * REPETITIONS);
    const error = (ratios: number[]) => Math.round((median(ratios) - 1) * 1000) / 1000;
    const observed = { indexBuild: error(pairs['n-log-n']), rewrite: error(pairs.linear) };
    expect({ observed, within: Math.abs(observed.indexBuild) <= TOLERANCE && Math.abs(observed.rewrite) <= TOLERANCE }).toEqual({ observed, within: true });
  }, 180_000);
});

describe('estimates at production size', () => {
  const BASE = `CREATE TABLE orders (id bigint PRIMARY KEY, customer int NOT NULL, note text);
CREATE TABLE tags (id int PRIMARY KEY, label text);`;

  test('thresholds turn estimates into findings; catalog-only changes and CONCURRENTLY get none', async () => {
    const alone = file('alone.sql', 'CREATE INDEX orders_customer ON orders (customer);\nCREATE INDEX CONCURRENTLY orders_note ON orders (note);\nALTER TABLE tags ADD COLUMN color text;', 'none');
    const together = file('together.sql', 'ALTER TABLE tags ADD COLUMN weight int;\nUPDATE tags SET weight = 1;');
    const result = await run(server.url(), [file('base.sql', BASE)], [alone, together], {
      seedRows: 20_000,
      productionRows: { default: 50_000_000, perTable: {} },
      maxLockMs: 2000,
      maxBlockedMs: 2000,
    });
    expect(result.run.productionRowsFrom).toBe('production-rows');
    const estimated = result.findings.filter((f) => f.ruleId.startsWith('run-estimated-')).map((f) => [f.file, f.line, f.ruleId]);
    expect(estimated).toEqual([
      ['alone.sql', 1, 'run-estimated-lock-held'],
      ['alone.sql', 1, 'run-estimated-traffic-blocked'],
      // The ADD COLUMN is instant, but its ACCESS EXCLUSIVE lasts until the backfill after it commits.
      ['together.sql', 1, 'run-estimated-lock-held'],
      ['together.sql', 1, 'run-estimated-traffic-blocked'],
    ]);

    const [index, concurrently, addColumn] = executionsOf(result, 'alone.sql');
    const e = index!.estimate!;
    expect(e).toMatchObject({ table: 'public.orders', rows: 50_000_000, measuredRows: 20_000, method: 'n-log-n' });
    expect(e.durationMs).toBeGreaterThan(2000);
    // SHARE blocks writes, not reads, for as long as it is held.
    expect(e.lockHeldMs).toBeGreaterThanOrEqual(e.durationMs);
    expect(e.blocked).toEqual({ readsMs: 0, writesMs: e.lockHeldMs });
    const lockFinding = result.findings.find((f) => f.ruleId === 'run-estimated-lock-held' && f.file === 'alone.sql')!;
    expect(lockFinding.message).toMatch(
      /^At production size \(50M rows in public\.orders\) this statement would hold SHARE on it for ≈ [\d.]+ (s|min) \(measured [\d.]+ ms at 20k rows, scaled n·log n\), blocking writes the whole time \(threshold 2\.0 s\)\.$/,
    );
    // CONCURRENTLY holds SHARE UPDATE EXCLUSIVE as long as it builds, which blocks neither reads nor writes.
    expect(concurrently!.estimate).toMatchObject({ table: 'public.orders', method: 'n-log-n', blocked: { readsMs: 0, writesMs: 0 } });
    expect(addColumn!.estimate).toBeNull();

    const [alter, update] = executionsOf(result, 'together.sql');
    expect(alter!.estimate).toBeNull();
    expect(update!.estimate).toMatchObject({ table: 'public.tags', rows: 50_000_000, measuredRows: 20_000, method: 'linear' });
    const held = result.findings.find((f) => f.ruleId === 'run-estimated-lock-held' && f.file === 'together.sql')!;
    expect(held.message).toMatch(/hold ACCESS EXCLUSIVE on it for ≈ .* until its transaction ends, blocking reads and writes the whole time \(threshold 2\.0 s\): the statement at line 2 would take ≈ /);
  });

  test('rows of a table never analyzed are counted', async () => {
    const base = file('base.sql', 'CREATE TABLE t (id int PRIMARY KEY, a int);\nINSERT INTO t SELECT g, g FROM generate_series(1, 3000) g;');
    const result = await run(server.url(), [base], [file('checked.sql', 'CREATE INDEX t_a ON t (a);')], { productionRows: { default: 1_000_000, perTable: {} } });
    expect(executionsOf(result)[0]!.estimate).toMatchObject({ table: 'public.t', rows: 1_000_000, measuredRows: 3000 });
  });

  test('without production row counts there are no estimates and no estimate findings', async () => {
    const checked = file('checked.sql', 'CREATE INDEX orders_customer ON orders (customer);\nUPDATE tags SET label = label;');
    const result = await run(server.url(), [file('base.sql', BASE)], [checked], { seedRows: 2000, maxLockMs: 0, maxBlockedMs: 0 });
    expect(result.run.productionRowsFrom).toBeNull();
    expect(executionsOf(result).map((e) => e?.estimate ?? null)).toEqual([null, null]);
    // The measured findings still come (the thresholds are 0): only the estimated ones are absent.
    const ids = result.findings.map((f) => f.ruleId);
    expect(ids).toContain('run-traffic-blocked');
    expect(ids.filter((id) => id.startsWith('run-estimated-'))).toEqual([]);
  });
});
