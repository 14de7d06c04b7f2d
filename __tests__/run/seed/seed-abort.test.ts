/**
 * The run's time limit reaches seeding through an AbortSignal: the statements loading are cancelled, indexes
 * taken down for loading come back, and seedDatabase rejects saying how far it got and what to change.
 */
import type pg from 'pg';
import { useServer } from '../run-helpers.js';
import { seedDatabase } from '../../../src/run/seed/index.js';
import { freshDatabase, rowCounts, withClient } from './seed-helpers.js';

const server = useServer();

// Three independent tables, each far more rows than loads in the second before the signal: at the ~300k rows/s
// this seeder reaches, one table takes many seconds, so a seeder that ignored the signal would finish tables.
const ROWS = 5_000_000;
const SCHEMA = [1, 2, 3]
  .map((i) => `CREATE TABLE t${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k integer NOT NULL, label text NOT NULL, at timestamptz NOT NULL);
    CREATE INDEX t${i}_label ON t${i} (label);`)
  .join('\n');

async function indexDefs(c: pg.Client): Promise<string[]> {
  return (await c.query<{ d: string }>("SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname")).rows.map((r) => r.d);
}

describe('seeding under the run time limit', () => {
  test('an abort cancels the loading statements, rejects with how far it got, and leaves the database whole', async () => {
    const url = await freshDatabase(server.url());
    await withClient(url, (c) => c.query(SCHEMA));
    const before = await withClient(url, indexDefs);
    const controller = new AbortController();
    const progress: number[] = [];
    const seeding = seedDatabase(url, { rows: ROWS, concurrency: 2, signal: controller.signal, onTableProgress: (done) => progress.push(done.tables) });
    // Abort once loading is under way (the first progress call comes after the sessions are open).
    await new Promise((r) => setTimeout(r, 1500));
    controller.abort(new Error("the run's time limit (1 s) passed"));

    await expect(seeding).rejects.toThrow(
      "seeding did not finish within the run's time limit (the run's time limit (1 s) passed): 0 of 3 tables seeded, 0 rows; raise --timeout or lower --seed-rows",
    );
    expect(progress[0]).toBe(0);
    // The cancelled loads rolled back, the indexes dropped for loading are back, and no seed session lingers.
    expect(await withClient(url, rowCounts)).toEqual({ 'public.t1': 0, 'public.t2': 0, 'public.t3': 0 });
    expect(await withClient(url, indexDefs)).toEqual(before);
    const lingering = await withClient(url, async (c) => (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'migrascope seed%'")).rows[0].n);
    expect(lingering).toBe(0);
    // Usable: the same database seeds again.
    const again = await seedDatabase(url, { rows: 100 });
    expect(again.perTable).toEqual({ 'public.t1': 100, 'public.t2': 100, 'public.t3': 100 });
  });

  test('an already aborted signal rejects before anything is loaded', async () => {
    const url = await freshDatabase(server.url());
    await withClient(url, (c) => c.query(SCHEMA));
    const controller = new AbortController();
    controller.abort();
    await expect(seedDatabase(url, { rows: 10, signal: controller.signal })).rejects.toThrow(/^seeding did not finish within the run's time limit.*: no table was seeded; raise --timeout or lower --seed-rows$/);
    expect(await withClient(url, rowCounts)).toEqual({ 'public.t1': 0, 'public.t2': 0, 'public.t3': 0 });
  });
});
