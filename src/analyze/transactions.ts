/**
 * Works out, for each statement, whether it runs inside a transaction: the framework's (per-file), the one
 * implicit block of a multi-statement query, or the file's own BEGIN … COMMIT.
 */
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { FormatName, TransactionMode } from '../report/types.js';
import type { TransactionState } from '../rules/define.js';

/**
 * Frameworks that send a whole file as one multi-statement query (inside their own BEGIN when they wrap it):
 * after the file's own COMMIT, the rest of that query runs in an implicit transaction block, not autocommit.
 * goose and Flyway send statement by statement.
 */
const SENDS_FILE_AS_ONE_QUERY: ReadonlySet<FormatName> = new Set(['diesel', 'dbmate', 'sqlx', 'golang-migrate', 'prisma']);

export function transactionKind(stmt: ParsedStatement): 'begin' | 'commit' | 'rollback' | null {
  if (stmt.kind !== 'TransactionStmt') return null;
  switch (stmt.node.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_PREPARE':
      return 'commit';
    case 'TRANS_STMT_ROLLBACK':
      return 'rollback';
    default:
      return null;
  }
}

export function transactionStates(statements: readonly ParsedStatement[], mode: TransactionMode, format: FormatName = 'plain'): TransactionState[] {
  let nextId = 1;
  const none: TransactionState = { inTransaction: false, source: null, id: null };
  const implicit = (): TransactionState => ({ inTransaction: true, source: 'implicit', id: nextId++ });
  // A query holding a single statement is not a transaction block: Postgres runs it like autocommit.
  const oneQuery = mode === 'implicit' || (mode === 'per-file' && SENDS_FILE_AS_ONE_QUERY.has(format));
  let current: TransactionState =
    mode === 'none' ? none : mode === 'per-file' ? { inTransaction: true, source: 'framework', id: nextId++ } : statements.length > 1 ? implicit() : none;
  const states: TransactionState[] = [];
  for (const stmt of statements) {
    const kind = transactionKind(stmt);
    if (kind === 'begin') {
      // A BEGIN inside the framework's transaction only warns in Postgres; the outer transaction goes on.
      if (!current.inTransaction || current.source === 'implicit') current = { inTransaction: true, source: 'explicit', id: nextId++ };
      states.push(current);
    } else if (kind === 'commit' || kind === 'rollback') {
      states.push(current);
      // COMMIT AND CHAIN starts the next transaction at once, with the same characteristics.
      if (stmt.node.chain) current = { ...current, id: nextId++ };
      else current = oneQuery && stmt !== statements[statements.length - 1] ? implicit() : none;
    } else {
      states.push(current);
    }
  }
  return states;
}
