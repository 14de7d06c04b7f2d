/** How an extrapolated figure reads: "≈ 4.1 min at 80M rows (measured 0.9 s at 300k)". */
import { formatMs } from './execution-facts.js';
import type { StatementEstimate } from './types.js';

/** 80000000 → `80M`, 300000 → `300k`, 1500 → `1.5k`, 950 → `950`. */
export function formatRows(n: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    // 999,999 rounds to 1000k: such a number is written in the next unit up.
    if (n >= size * 0.9995) {
      const v = n / size;
      return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(v >= 10 ? 3 : 2))}${unit}`;
    }
  }
  return String(Math.round(n));
}

/** The statement time at production size, with its basis. */
export function formatEstimate(e: StatementEstimate): string {
  return `≈ ${formatMs(e.durationMs)} at ${formatRows(e.rows)} rows (measured ${formatMs(e.measuredMs)} at ${formatRows(e.measuredRows)})`;
}
