import { defineRule } from './define.js';
import { displayName, fromNameList, keyOf, stringList } from '../sql/names.js';
import { blocksReads, blocksWrites, lockLabel, lockStrength, statementLocks, type TableLock } from '../sql/locks.js';
import { executedDml, insertSelectSources, isSystemTable, isUnboundedWrite } from '../sql/dml.js';

interface Held {
  statementIndex: number;
  lock: TableLock;
  reported: boolean;
}

/** RENAME forms that lock the (table-like) relation they name. */
const RENAMES_LOCKING_TABLE = new Set(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

/** `reads and writes on users, writes on orders and teams`. */
function describeBlocked(locks: TableLock[]): string {
  const both = locks.filter((l) => blocksReads(l.mode)).map((l) => displayName(l.table));
  const writes = locks.filter((l) => !blocksReads(l.mode)).map((l) => displayName(l.table));
  const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]);
  return [both.length ? `reads and writes on ${list(both)}` : '', writes.length ? `writes on ${list(writes)}` : ''].filter(Boolean).join(', ');
}

export default defineRule({
  meta: {
    id: 'lock-held-during-backfill',
    description: 'Forbid running a backfill in the same transaction after a statement that locks an existing table',
    category: 'lock',
    severity: 'error',
    recommended: true,
    messages: {
      heldDuringBackfill:
        'This statement takes {{locks}}, held until the transaction commits; the {{write}} at line {{line}} runs in the same transaction, so {{blocked}} wait for the whole backfill.',
    },
    fix: 'Commit between the DDL and the backfill (put them in separate migrations), and batch the backfill by primary-key range in short transactions.',
  },
  create(ctx) {
    /** Write-blocking locks the current transaction holds, per table: the statement that took the strongest one. */
    let held = new Map<string, Held>();
    let heldIn: number | null = null;

    /** Locks of the current statement that block writes (or reads) on tables that may hold data. */
    const blockingLocks = (kind: string, node: any): TableLock[] => {
      // The table goes away with the statement: nothing will use it after commit anyway.
      if (kind === 'DropStmt' && node.removeType !== 'OBJECT_INDEX') return [];
      // Renaming an index or a sequence locks that object, not a table (statementLocks names it as if it were one).
      if (kind === 'RenameStmt' && !RENAMES_LOCKING_TABLE.has(node.renameType)) return [];
      let locks = statementLocks(kind, node);
      if (kind === 'DropStmt' && node.removeType === 'OBJECT_INDEX' && !node.concurrent) {
        // DROP INDEX locks the index's table ACCESS EXCLUSIVE; the statement names only the index.
        locks = [];
        for (const o of node.objects ?? []) {
          const index = ctx.catalog.indexes.get(keyOf(fromNameList(stringList(o.List?.items))));
          const table = index ? ctx.catalog.tables.get(index.table) : undefined;
          if (table) locks.push({ table: { schema: table.schema, name: table.name }, mode: 'AccessExclusiveLock' });
        }
      }
      return locks.filter((l) => blocksWrites(l.mode) && ctx.isExistingTable(l.table) && !isSystemTable(ctx.catalog, l.table));
    };

    /** A write that visits an unbounded number of rows of an existing table, described for the message. */
    const longWrite = (kind: string, node: any): string | null => {
      for (const dml of executedDml(kind, node)) {
        if (dml.verb === 'INSERT') {
          const sources = insertSelectSources(dml.node, ctx.catalog).filter((t) => ctx.isExistingTable(t) && !isSystemTable(ctx.catalog, t));
          if (sources.length) return `INSERT INTO ${displayName(dml.target.table)} … SELECT FROM ${displayName(sources[0])}`;
        } else if (ctx.isExistingTable(dml.target.table) && !isSystemTable(ctx.catalog, dml.target.table) && isUnboundedWrite(dml, ctx.catalog)) {
          return `${dml.verb} of ${displayName(dml.target.table)}`;
        }
      }
      return null;
    };

    return {
      Statement(stmt) {
        const txn = stmt.transaction.id;
        if (txn !== heldIn) {
          held = new Map();
          heldIn = txn;
        }
        if (txn === null) return;
        const write = longWrite(stmt.kind, stmt.node);
        if (write) {
          const byStatement = new Map<number, TableLock[]>();
          for (const h of held.values()) {
            if (h.reported) continue;
            h.reported = true;
            byStatement.set(h.statementIndex, [...(byStatement.get(h.statementIndex) ?? []), h.lock]);
          }
          for (const [statementIndex, locks] of byStatement) {
            ctx.report({
              messageId: 'heldDuringBackfill',
              statementIndex,
              data: {
                locks: locks.map((l) => `${/^[AEIOU]/.test(lockLabel(l.mode)) ? 'an' : 'a'} ${lockLabel(l.mode)} lock on ${displayName(l.table)}`).join(' and '),
                write,
                line: stmt.line,
                blocked: describeBlocked(locks),
              },
            });
          }
        }
        for (const lock of blockingLocks(stmt.kind, stmt.node)) {
          const key = keyOf(lock.table);
          const previous = held.get(key);
          // Re-taking a lock the transaction already holds changes nothing; only a stronger one is news.
          if (previous && lockStrength(previous.lock.mode) >= lockStrength(lock.mode)) continue;
          held.set(key, { statementIndex: stmt.index, lock, reported: false });
        }
      },
    };
  },
});
