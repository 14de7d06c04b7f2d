/** The schema before the change: the prelude, then the base files in order, as their frameworks apply them. */
import { LineIndex } from '../parse/positions.js';
import { applyFilePlain } from './apply-plain.js';
import type { Database } from './database.js';
import { errorLocation, messageOf, sqlstateOf, type PgError } from './error-position.js';
import type { BaseFailure, RunFile, RunOptions } from './types.js';

/** The prelude's pseudo file name in failures. */
export const BEFORE_SQL = '(beforeSql)';

export type LocatedFailure = BaseFailure & { statementIndex: number | null };

/** The first failure, located in its file, or null; nothing runs after it. */
export async function applyBase(db: Database, files: RunFile[], options: RunOptions): Promise<LocatedFailure | null> {
  for (const sql of options.beforeSql ?? []) {
    try {
      await db.main.query(sql);
    } catch (error) {
      const at = errorLocation(error as PgError, { text: sql, startByte: 0 }, new LineIndex(sql));
      return { file: BEFORE_SQL, line: at.line, column: at.column, sqlstate: sqlstateOf(error), message: messageOf(error), statementIndex: null };
    }
  }
  if (files.length) db.progress(`applying ${files.length} base migrations`);
  for (const file of files) {
    const failure = await applyFilePlain(db.main, file, file.isDown ? null : (options.perFileSql?.(file) ?? null));
    if (failure) {
      const timedOut = db.timedOut ? ' (the run reached its time limit)' : '';
      return { file: file.path, line: failure.line, column: failure.column, sqlstate: failure.sqlstate, message: failure.message + timedOut, statementIndex: failure.statementIndex };
    }
  }
  return null;
}

export function toBaseFailure(located: LocatedFailure | null): BaseFailure | null {
  if (!located) return null;
  const { file, line, column, message, sqlstate } = located;
  return { file, line, column, message, sqlstate };
}
