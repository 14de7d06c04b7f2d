/**
 * Works out, for each statement, whether it runs inside a transaction: the framework's (per-file), the one
 * implicit block of a multi-statement query, or the file's own BEGIN … COMMIT.
 */
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { TransactionMode } from '../report/types.js';
import type { TransactionState } from '../rules/define.js';

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

export function transactionStates(statements: readonly ParsedStatement[], mode: TransactionMode): TransactionState[] {
  let nextId = 1;
  let current: TransactionState =
    mode === 'none' ? { inTransaction: false, source: null, id: null } : { inTransaction: true, source: mode === 'per-file' ? 'framework' : 'implicit', id: nextId++ };
  const states: TransactionState[] = [];
  for (const stmt of statements) {
    const kind = transactionKind(stmt);
    if (kind === 'begin') {
      // A BEGIN inside the framework's transaction only warns in Postgres; the outer transaction goes on.
      if (!current.inTransaction || current.source === 'implicit') current = { inTransaction: true, source: 'explicit', id: nextId++ };
      states.push(current);
    } else if (kind === 'commit' || kind === 'rollback') {
      states.push(current);
      // In one multi-statement query, statements after COMMIT start a new implicit block.
      current = mode === 'implicit' ? { inTransaction: true, source: 'implicit', id: nextId++ } : { inTransaction: false, source: null, id: null };
    } else {
      states.push(current);
    }
  }
  return states;
}
