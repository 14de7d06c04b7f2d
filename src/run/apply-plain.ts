/**
 * Applies a migration as its framework would, without measuring anything: the base files (the schema before
 * the change) and the bench's plain apply. A file without transaction control of its own goes in one round
 * trip (two more for BEGIN/COMMIT); statement by statement only where the semantics need it.
 */
import type { ParsedStatement } from '../parse/parse-sql.js';
import { transactionKind, transactionStates } from '../analyze/transactions.js';
import { errorLocation, messageOf, sqlstateOf, type PgError, type SentText } from './error-position.js';
import type { Session } from './session.js';
import type { RunFile } from './types.js';

export interface FileFailure {
  statementIndex: number | null;
  line: number;
  column: number;
  sqlstate: string;
  message: string;
}

/** Applies `file` on `session`; null when it succeeded. The session is left outside any transaction. */
export async function applyFilePlain(session: Session, file: RunFile, perFileSql: string | null): Promise<FileFailure | null> {
  if (file.isDown) return null;
  const { parsed } = file;
  const firstSyntaxError = parsed.syntaxErrors[0];
  if (firstSyntaxError && file.transaction === 'none') {
    // Sent one by one, the statements before it would run; the base stops at the file either way.
    return { statementIndex: null, line: firstSyntaxError.line, column: firstSyntaxError.column, sqlstate: '42601', message: firstSyntaxError.message };
  }
  const ownControl = parsed.statements.some((s) => transactionKind(s) !== null);
  if (file.transaction === 'none' || (file.transaction === 'per-file' && ownControl)) {
    return applyStatements(session, file, perFileSql);
  }
  const text = parsed.lines.text;
  const sent: SentText = { text, startByte: 0 };
  try {
    if (file.transaction === 'per-file') {
      await session.query('BEGIN');
      await session.query(text);
      if (perFileSql) await runBookkeeping(session, perFileSql);
      await session.query('COMMIT');
    } else {
      // One simple query: Postgres runs several statements as one implicit transaction, a single one on its own.
      await session.query(text);
      if (perFileSql) await runBookkeeping(session, perFileSql);
    }
    return null;
  } catch (error) {
    if (error instanceof BookkeepingError) {
      await rollback(session);
      return { statementIndex: null, line: 1, column: 1, sqlstate: sqlstateOf(error.cause), message: error.message };
    }
    await rollback(session);
    return locateFailure(session, file, error as PgError, sent);
  }
}

class BookkeepingError extends Error {}

async function runBookkeeping(session: Session, sql: string): Promise<void> {
  try {
    await session.query(sql);
  } catch (error) {
    throw new BookkeepingError(`the per-file bookkeeping SQL failed: ${messageOf(error)}`, { cause: error });
  }
}

async function rollback(session: Session): Promise<void> {
  if (session.getTransactionStatus() !== 'I') await session.query('ROLLBACK').catch(() => undefined);
}

/** Statement by statement, with the framework's transaction around the file and the file's own BEGIN/COMMIT. */
async function applyStatements(session: Session, file: RunFile, perFileSql: string | null): Promise<FileFailure | null> {
  const statements = file.parsed.statements;
  const states = transactionStates(statements, file.transaction, file.format);
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    const state = states[i];
    try {
      if (state.inTransaction && state.source !== 'explicit' && session.getTransactionStatus() === 'I') await session.query('BEGIN');
      await session.query(stmt.sql);
    } catch (error) {
      await rollback(session);
      return failureAt(file, i, stmt, error as PgError);
    }
  }
  try {
    await finishFile(session, states.at(-1)?.source ?? null, perFileSql);
  } catch (error) {
    await rollback(session);
    return { statementIndex: null, line: 1, column: 1, sqlstate: sqlstateOf(error), message: messageOf(error) };
  }
  return null;
}

/**
 * The end of a file: the framework's transaction commits with the bookkeeping inside it. A BEGIN of the file's
 * own that was never committed is rolled back, as it is when the tool's session ends.
 */
export async function finishFile(session: Session, lastSource: string | null, perFileSql: string | null): Promise<void> {
  if (session.getTransactionStatus() !== 'I' && lastSource === 'explicit') {
    await session.query('ROLLBACK');
  } else if (session.getTransactionStatus() !== 'I') {
    if (perFileSql) await session.query(perFileSql);
    await session.query('COMMIT');
    return;
  }
  if (perFileSql) await session.query(perFileSql);
}

function failureAt(file: RunFile, index: number, stmt: ParsedStatement, error: PgError): FileFailure {
  const at = errorLocation(error, { text: stmt.sql, startByte: stmt.startByte }, file.parsed.lines);
  return { statementIndex: index, line: at.line, column: at.column, sqlstate: sqlstateOf(error), message: messageOf(error) };
}

/**
 * Which statement of a whole-file query failed. With a `position` the error says where; without one (a NOT NULL
 * violation, say) the file is replayed statement by statement in a transaction that is rolled back.
 */
async function locateFailure(session: Session, file: RunFile, error: PgError, sent: SentText): Promise<FileFailure> {
  const sqlstate = sqlstateOf(error);
  const message = messageOf(error);
  const statements = file.parsed.statements;
  if (error.position) {
    const at = errorLocation(error, sent, file.parsed.lines);
    const index = statements.findIndex((s) => s.startByte <= at.byte && at.byte <= s.endByte);
    return { statementIndex: index >= 0 ? index : null, line: at.line, column: at.column, sqlstate, message };
  }
  if (statements.length === 1) return failureAt(file, 0, statements[0], error);
  const replayed = await replay(session, statements);
  // The replay only counts when it fails the same way (a file that commits halfway would not).
  if (replayed && sqlstateOf(replayed.error) === sqlstate && messageOf(replayed.error) === message) {
    return failureAt(file, replayed.index, statements[replayed.index], replayed.error);
  }
  const first = statements[0];
  return { statementIndex: null, line: first?.line ?? 1, column: first?.column ?? 1, sqlstate, message };
}

async function replay(session: Session, statements: ParsedStatement[]): Promise<{ index: number; error: PgError } | null> {
  try {
    await session.query('BEGIN');
    for (let i = 0; i < statements.length; i++) {
      if (transactionKind(statements[i]) !== null) continue;
      try {
        await session.query(statements[i].sql);
      } catch (error) {
        return { index: i, error: error as PgError };
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    await rollback(session);
  }
}
