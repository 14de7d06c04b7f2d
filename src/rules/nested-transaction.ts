import { defineRule } from './define.js';
import { migrationToolName, transactionControl } from '../sql/transaction-rules.js';

export default defineRule({
  meta: {
    id: 'nested-transaction',
    description: 'Forbid BEGIN, COMMIT and ROLLBACK in migration files the framework already runs in a transaction',
    category: 'correctness',
    severity: 'warning',
    recommended: true,
    messages: {
      nestedBegin:
        '{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"), and the {{end}} at line {{endLine}} then ends {{tool}}\'s transaction early: the statements after it are no longer covered by it, so a failure there leaves the migration half-applied.',
      wrappedFile:
        '{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"), and the {{end}} at line {{endLine}} then ends {{tool}}\'s transaction before {{tool}} records the migration: that bookkeeping runs outside the transaction, so the file is no longer applied and recorded atomically.',
      redundantBegin:
        '{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"); it is misleading and a COMMIT added later would end {{tool}}\'s transaction early.',
      earlyCommit:
        '{{statement}} commits the transaction {{tool}} wraps around this file early: the statements after it, and {{tool}}\'s own bookkeeping, are no longer covered by it, so a failure leaves the migration half-applied.',
      earlyRollback:
        '{{statement}} rolls back the transaction {{tool}} wraps around this file: everything before it is undone, while the statements after it, and {{tool}}\'s own bookkeeping, still run and may record the migration as applied.',
    },
    fix: 'Remove BEGIN/COMMIT from the file and let the framework\'s transaction cover it; to split the work into several transactions, split it into several migrations.',
  },
  create(ctx) {
    // Only a file the framework wraps in a transaction of its own; with golang-migrate or Prisma (one implicit
    // query), the file's BEGIN/COMMIT are how it gets a real transaction.
    if (ctx.file.transaction !== 'per-file') return {};
    const tool = migrationToolName(ctx.file.format);
    let ownBegin = false;
    return {
      Statement(stmt) {
        const control = transactionControl(stmt.kind, stmt.node);
        if (!control) return;
        const framework = stmt.transaction.source === 'framework';
        const statement = label(stmt.node);
        if (control.kind === 'begin') {
          if (framework) {
            const end = ctx.statements.slice(stmt.index + 1).find((s) => {
              const c = transactionControl(s.kind, s.node);
              return c !== null && c.kind !== 'begin';
            });
            if (end) {
              const after = ctx.statements.length > end.index + 1;
              ctx.report({ messageId: after ? 'nestedBegin' : 'wrappedFile', data: { statement, tool, end: label(end.node), endLine: end.line } });
            }
            else ctx.report({ messageId: 'redundantBegin', data: { statement, tool } });
          }
          ownBegin = true;
          return;
        }
        // The COMMIT/ROLLBACK closing a BEGIN reported above is part of that finding.
        if (!ownBegin && framework) ctx.report({ messageId: control.kind === 'commit' ? 'earlyCommit' : 'earlyRollback', data: { statement, tool } });
        ownBegin = control.chain;
      },
    };
  },
});

function label(node: any): string {
  switch (node.kind) {
    case 'TRANS_STMT_START':
      return 'START TRANSACTION';
    case 'TRANS_STMT_BEGIN':
      return 'BEGIN';
    case 'TRANS_STMT_PREPARE':
      return 'PREPARE TRANSACTION';
    case 'TRANS_STMT_ROLLBACK':
      return node.chain ? 'ROLLBACK AND CHAIN' : 'ROLLBACK';
    default:
      return node.chain ? 'COMMIT AND CHAIN' : 'COMMIT';
  }
}
