import { defineRule } from './define.js';
import { transactionControl } from '../sql/transaction-rules.js';

export default defineRule({
  meta: {
    id: 'uncommitted-transaction',
    description: 'Require every BEGIN in a migration file to be followed by COMMIT or ROLLBACK',
    category: 'correctness',
    severity: 'error',
    recommended: true,
    messages: {
      none: '{{begin}} opens a transaction that this file never commits: when the session ends, Postgres rolls back everything after it, and every lock taken after it is held until then.',
      implicit:
        '{{begin}} opens a transaction that this file never commits: it stays open after the migration query returns, holding every lock taken after it, and its changes are lost if the connection closes without a COMMIT.',
    },
    fix: 'Add COMMIT; at the end of the transaction (END is the same), or remove the BEGIN.',
  },
  create(ctx) {
    // A file the framework wraps is nested-transaction's to report.
    if (ctx.file.transaction === 'per-file') return {};
    let open: { index: number; label: string } | null = null;
    return {
      Statement(stmt) {
        const control = transactionControl(stmt.kind, stmt.node);
        if (!control) return;
        if (control.kind === 'begin') open ??= { index: stmt.index, label: stmt.node.kind === 'TRANS_STMT_START' ? 'START TRANSACTION' : 'BEGIN' };
        else open = control.chain ? { index: stmt.index, label: `${control.kind.toUpperCase()} AND CHAIN` } : null;
      },
      'File:exit'() {
        if (!open) return;
        const messageId = ctx.file.transaction === 'implicit' ? 'implicit' : 'none';
        ctx.report({ messageId, data: { begin: open.label }, statementIndex: open.index });
      },
    };
  },
});
