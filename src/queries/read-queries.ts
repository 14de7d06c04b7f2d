/** Reads a queries file (STUB — being implemented). */
import type { QuerySpec } from './types.js';

/** Parses `-- name: x` / `-- params: …` blocks; bad input throws ConfigError with file:line. */
export function readQueries(text: string, path: string): QuerySpec[] {
  void text, path;
  return [];
}
