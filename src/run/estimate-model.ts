/**
 * The arithmetic of production-size estimates, apart from the database: a statement measured at `t` ms on `n`
 * rows is modelled as T(n) = c + k·f(n), with f(n) = n for scans, rewrites, backfills and validations (each row is
 * read, checked or copied once) and f(n) = n·log n for index builds (the sort).
 *
 * One measurement cannot separate c from k. c is the cost of a statement that touches no rows: parsing, catalog
 * lookups and updates, lock acquisition, the timing query itself. Measured on the 2-core development VM, a
 * catalog-only `ALTER TABLE … ADD COLUMN z int` took 0.92–0.97 ms (medians of 3, whether the table held 0 or 400k
 * rows), a `CHECK` validation on an empty table 1.04 ms, a `CREATE INDEX` on an empty table 1.46 ms. So
 * STATEMENT_OVERHEAD_MS = 1 ms is taken as the fixed part and only the rest is scaled. When a statement took less
 * than that, all of it is taken as fixed: nothing in the measurement shows it growing with the table, and scaling
 * noise by 800× (100k → 80M rows) would invent minutes out of a tenth of a millisecond. A fixed part that is too
 * small overestimates (the safe side for a gate); the error it makes fades as the measured time grows past a few ms,
 * which is what seeding 100k rows per table is for.
 *
 * How close the model comes is checked by `__tests__/run/estimate.test.ts`: a serial index build and a rewrite,
 * each measured at 100k and 400k rows, the estimate for 400k made from 100k within ±35% of the measurement. On the
 * development VM it came within −9%…+3% (index build) and −12%…0% (rewrite) when idle, and −20% at worst for the
 * rewrite in the test's own runs under other suites' load (−32% in one run of a harsher load). The error leans
 * negative: a bigger table fits the caches less well. Read an estimate as an order of magnitude with that bias,
 * not as a forecast: production's caches, disks, parallel workers and concurrent load are not modelled.
 */
import type { StatementEstimate } from '../report/types.js';

export type EstimateMethod = StatementEstimate['method'];

/** The part of a statement's time that does not grow with the table (see above). */
export const STATEMENT_OVERHEAD_MS = 1;

/** f(n): how the work grows with the row count. */
export function growth(method: EstimateMethod, rows: number): number {
  if (rows <= 0) return 0;
  // log2(n) floored at 1 so that a one-row table still counts as one unit of work (log 1 = 0 would make it free).
  return method === 'linear' ? rows : rows * Math.max(1, Math.log2(rows));
}

/** The time a statement measured at `measuredMs` on `measuredRows` rows would take on `rows` rows. */
export function extrapolateMs(measuredMs: number, measuredRows: number, rows: number, method: EstimateMethod): number {
  if (measuredRows <= 0) throw new Error(`cannot extrapolate from ${measuredRows} measured rows: expected at least one`);
  const fixed = Math.min(STATEMENT_OVERHEAD_MS, measuredMs);
  const scaled = (measuredMs - fixed) * (growth(method, rows) / growth(method, measuredRows));
  return roundMs(fixed + scaled);
}

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
