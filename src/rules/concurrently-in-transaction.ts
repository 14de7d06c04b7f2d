import { defineRule } from './define.js';
import type { FormatName } from '../report/types.js';
import { fromNameList, keyOf, stringList } from '../sql/names.js';
import { findOption, migrationToolName, refusedInTransaction, transactionControl } from '../sql/transaction-rules.js';

/** How to get a statement out of the transaction each tool puts around a migration file. */
const FRAMEWORK_REMEDY: Record<FormatName, string> = {
  plain: 'Run it outside a transaction: turn off the migration runner\'s transaction for this file, and keep it in a migration of its own.',
  flyway:
    'Move it to a migration file of its own and set executeInTransaction=false in a <file>.sql.conf next to it (Flyway does not detect this statement, and will not mix transactional and non-transactional statements in one file).',
  'golang-migrate': 'Put it in a migration file of its own, as the only statement: golang-migrate sends the file as one query, and Postgres wraps a multi-statement query in a transaction but not a single statement.',
  goose: 'Move it to a migration file of its own that starts with `-- +goose NO TRANSACTION`.',
  dbmate: 'Move it to a migration of its own whose up marker is `-- migrate:up transaction:false`.',
  prisma:
    'Run it outside Prisma Migrate (a separate deploy step, e.g. `prisma db execute`), or make it the only statement of its migration.sql: Postgres wraps a multi-statement query in a transaction but not a single statement.',
  diesel: 'Move it to a migration of its own and add a metadata.toml with `run_in_transaction = false` to its folder.',
  sqlx: 'Move it to a migration of its own whose first line is `-- no-transaction`.',
  sqitch: 'Run it outside a transaction, in a change of its own.',
};

export default defineRule({
  meta: {
    id: 'concurrently-in-transaction',
    description: 'Forbid statements that Postgres refuses to run inside a transaction block where they run in one',
    category: 'correctness',
    severity: 'error',
    recommended: true,
    messages: {
      inTransaction: 'Here {{command}} runs inside {{where}}, where Postgres refuses it: the migration fails with "{{command}} cannot run inside a transaction block".',
    },
    fix: 'Run the statement outside any transaction: remove BEGIN/COMMIT around it, or turn off the migration tool\'s transaction for a migration that holds only this statement.',
  },
  create(ctx) {
    // Transaction ids in which an enum type was created (pre-12 ALTER TYPE … ADD VALUE is allowed on those).
    const enumsCreatedIn = new Map<string, number>();
    const subscriptionsWithoutSlot = new Set<string>();
    let ownBeginOpen = false;
    const lookups = {
      pgVersion: ctx.pgVersion,
      relationKind: (q: { schema: string; name: string }) => ctx.table(q)?.kind,
      indexRelationKind: (q: { schema: string; name: string }) => {
        const index = ctx.catalog.indexes.get(keyOf(q));
        return index ? ctx.catalog.tables.get(index.table)?.kind : undefined;
      },
    };

    return {
      Statement(stmt) {
        const { node, transaction } = stmt;
        const control = transactionControl(stmt.kind, node);
        if (control) {
          if (control.kind === 'begin') ownBeginOpen = true;
          else ownBeginOpen = control.chain;
        }
        if (stmt.kind === 'CreateEnumStmt' && transaction.id !== null) {
          enumsCreatedIn.set(keyOf(fromNameList(stringList(node.typeName))), transaction.id);
        }
        if (stmt.kind === 'CreateSubscriptionStmt' || (stmt.kind === 'AlterSubscriptionStmt' && node.kind === 'ALTER_SUBSCRIPTION_OPTIONS')) {
          // `slot_name = NONE` detaches the subscription from its replication slot; DROP then needs no slot drop.
          const slot = findOption(node.options, 'slot_name');
          const value = slot?.arg?.String?.sval ?? stringList(slot?.arg?.TypeName?.names).at(-1);
          if (slot && typeof value === 'string' && value.toLowerCase() === 'none') subscriptionsWithoutSlot.add(node.subname);
          else if (slot) subscriptionsWithoutSlot.delete(node.subname);
        }

        const refused = refusedInTransaction(stmt.kind, node, lookups, (name) => subscriptionsWithoutSlot.has(name));
        if (!refused || !transaction.inTransaction) return;
        // Postgres wraps a multi-statement query in an implicit transaction block, but not a lone statement.
        if (transaction.source === 'implicit' && ctx.statements.length === 1) return;
        if (stmt.kind === 'AlterEnumStmt') {
          // Before 12, adding a value is allowed when the enum was created in the same transaction.
          const created = enumsCreatedIn.get(keyOf(fromNameList(stringList(node.typeName))));
          if (created !== undefined && created === transaction.id) return;
        }

        const tool = migrationToolName(ctx.file.format);
        let where: string;
        let fix: string;
        if (transaction.source === 'explicit') {
          where = "the file's own BEGIN … COMMIT block";
          fix =
            ctx.file.transaction === 'implicit'
              ? `Remove the BEGIN … COMMIT around it. ${FRAMEWORK_REMEDY[ctx.file.format]}`
              : 'Take it out of the BEGIN … COMMIT block: run it on its own, in autocommit.';
        } else if (transaction.source === 'implicit') {
          where = `the implicit transaction Postgres opens for a multi-statement query (${tool} sends the whole file as one query)`;
          fix = FRAMEWORK_REMEDY[ctx.file.format];
        } else {
          where = `the transaction ${tool} wraps around the migration file`;
          fix = FRAMEWORK_REMEDY[ctx.file.format];
          if (ownBeginOpen) fix += ' Also remove the file\'s own BEGIN/COMMIT around it.';
        }
        ctx.report({ messageId: 'inTransaction', data: { command: refused.command, where }, fix });
      },
    };
  },
});
