/**
 * Production-scale estimates (STUB — being implemented): fits each traced statement's measured time to the row
 * count it ran on and extrapolates to the production row count.
 */
import type { Finding } from '../report/types.js';
import type { Session } from './session.js';
import type { FileTrace } from './trace-file.js';
import type { RunFile, RunOptions } from './types.js';
import type { Thresholds } from './run-findings.js';

/** Row counts keyed `schema.table`. */
export type RowCounts = Map<string, number>;

/** Production row counts from the stats file and `production-rows`; null when neither gives any. */
export function productionRowCounts(options: RunOptions): { counts: (table: string) => number | null; from: string } | null {
  void options;
  return null;
}

/** Rows each existing table holds now (after seeding), keyed `schema.table`. */
export async function readMeasuredRows(session: Session): Promise<RowCounts> {
  void session;
  return new Map();
}

/** Sets `execution.estimate` on the file's traced statements and returns the findings the thresholds call for. */
export function estimateFile(
  file: RunFile,
  trace: FileTrace,
  measured: RowCounts,
  production: (table: string) => number | null,
  thresholds: Thresholds,
): Finding[] {
  void file, trace, measured, production, thresholds;
  return [];
}
