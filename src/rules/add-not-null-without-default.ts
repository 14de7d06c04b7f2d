import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, type QualifiedName } from '../sql/names.js';
import { executedDml } from '../sql/dml.js';
import { typeRefFrom } from '../sql/type-name.js';

/** Whether a column definition is NOT NULL and whether Postgres fills existing rows with a value. */
function describeColumn(def: any): { notNull: boolean; filled: boolean } {
  let notNull = !!def.is_not_null;
  let filled = typeRefFrom(def.typeName).serial || !!(def.raw_default && !def.raw_default.A_Const?.isnull);
  for (const w of def.constraints ?? []) {
    const c = w.Constraint;
    switch (c?.contype) {
      case 'CONSTR_NOTNULL':
      case 'CONSTR_PRIMARY':
        notNull = true;
        break;
      case 'CONSTR_NULL':
        notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        // `DEFAULT NULL` fills nothing.
        if (c.raw_expr && !c.raw_expr.A_Const?.isnull) filled = true;
        break;
      case 'CONSTR_IDENTITY':
      case 'CONSTR_GENERATED':
        filled = true;
        break;
    }
  }
  return { notNull, filled };
}

function fixFor(pgVersion: number): string {
  if (pgVersion < 11) {
    return 'Add the column nullable (before PostgreSQL 11 a DEFAULT rewrites the table), backfill it in batches, then ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID and VALIDATE it (SET NOT NULL scans the table under ACCESS EXCLUSIVE before PG 12).';
  }
  if (pgVersion < 12) {
    return 'Add the column with a constant DEFAULT (metadata-only since PostgreSQL 11) or nullable and backfill it in batches; then ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID and VALIDATE it (SET NOT NULL scans the table under ACCESS EXCLUSIVE before PG 12).';
  }
  return 'Add the column with a constant DEFAULT (metadata-only since PostgreSQL 11), or nullable and backfill it in batches; then ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, and SET NOT NULL (which uses the valid check instead of scanning).';
}

export default defineRule({
  meta: {
    id: 'add-not-null-without-default',
    description: 'Forbid adding a NOT NULL column without a DEFAULT to an existing table',
    category: 'correctness',
    severity: 'error',
    recommended: true,
    messages: {
      notNullNoDefault:
        'ADD COLUMN {{column}} NOT NULL without a DEFAULT on {{table}}: existing rows would hold NULL, so the ALTER (under an ACCESS EXCLUSIVE lock) fails with "column contains null values" as soon as {{table}} has any row.',
      setNotNullOnEmpty:
        'SET NOT NULL on {{column}} of {{table}}, which this change added without a DEFAULT and did not backfill: every existing row holds NULL, so the ALTER (under an ACCESS EXCLUSIVE lock) fails with "column contains null values" as soon as {{table}} has any row.',
    },
    fix: fixFor(17),
  },
  create(ctx) {
    /** Whether each table touched in this file may hold rows now (absent: existing tables may, new ones don't). */
    const rows = new Map<string, boolean>();
    /** Columns this file added nullable without a value to a table that may hold rows, not yet filled. */
    const unfilled = new Map<string, { table: QualifiedName; column: string }>();
    const colKey = (t: QualifiedName, c: string) => `${keyOf(t)}\u0000${c}`;
    const mayHoldRows = (t: QualifiedName) => rows.get(keyOf(t)) ?? ctx.isExistingTable(t);
    const forgetTable = (t: QualifiedName) => {
      for (const [k, v] of unfilled) if (keyOf(v.table) === keyOf(t)) unfilled.delete(k);
    };

    const alterTable = (node: any) => {
      if (node.objtype !== 'OBJECT_TABLE') return;
      const table = fromRangeVar(node.relation);
      const known = ctx.table(table);
      if (known && known.kind !== 'table' && known.kind !== 'partitioned-table') return;
      const withRows = mayHoldRows(table);
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (!cmd) continue;
        switch (cmd.subtype) {
          case 'AT_AddColumn': {
            const def = cmd.def?.ColumnDef;
            if (!def?.colname || !withRows) break;
            // ADD COLUMN IF NOT EXISTS on a column that is already there does nothing.
            if (cmd.missing_ok && known?.columns.has(def.colname)) break;
            const { notNull, filled } = describeColumn(def);
            if (filled) break;
            if (notNull) {
              ctx.report({
                messageId: 'notNullNoDefault',
                data: { table: displayName(table), column: quoteIdent(def.colname) },
                location: def.location,
                fix: fixFor(ctx.pgVersion),
              });
            } else {
              unfilled.set(colKey(table, def.colname), { table, column: def.colname });
            }
            break;
          }
          case 'AT_SetNotNull':
            if (cmd.name && unfilled.delete(colKey(table, cmd.name))) {
              ctx.report({ messageId: 'setNotNullOnEmpty', data: { table: displayName(table), column: quoteIdent(cmd.name) }, fix: fixFor(ctx.pgVersion) });
            }
            break;
          case 'AT_AlterColumnType':
            // `TYPE … USING expr` computes a value for every row.
            if (cmd.name && cmd.def?.ColumnDef?.raw_default) unfilled.delete(colKey(table, cmd.name));
            break;
          case 'AT_DropColumn':
            if (cmd.name) unfilled.delete(colKey(table, cmd.name));
            break;
        }
      }
    };

    return {
      Statement(stmt) {
        const node = stmt.node;
        switch (stmt.kind) {
          case 'AlterTableStmt':
            alterTable(node);
            return;
          case 'TruncateStmt':
            for (const r of node.relations ?? []) {
              const t = fromRangeVar(r.RangeVar);
              rows.set(keyOf(t), false);
              forgetTable(t);
            }
            return;
          case 'CopyStmt':
            if (node.is_from && node.relation) rows.set(keyOf(fromRangeVar(node.relation)), true);
            return;
          case 'RenameStmt':
            if (node.relation) forgetTable(fromRangeVar(node.relation));
            return;
          case 'MergeStmt':
            if (node.relation) forgetTable(fromRangeVar(node.relation));
            return;
          case 'DoStmt':
          case 'CallStmt':
          case 'ExecuteStmt':
            // Code we cannot see may backfill anything.
            unfilled.clear();
            return;
        }
        // A top-level SELECT may call a function that backfills: assume it does.
        if (stmt.kind === 'SelectStmt' && executedDml(stmt.kind, node).length === 0) unfilled.clear();
        for (const dml of executedDml(stmt.kind, node)) {
          const t = dml.target.table;
          if (dml.verb === 'UPDATE') forgetTable(t);
          if (dml.verb === 'DELETE') {
            forgetTable(t);
            if (!dml.node.whereClause) rows.set(keyOf(t), false);
          }
          if (dml.verb === 'INSERT') {
            if (dml.node.onConflictClause) forgetTable(t);
            const select = dml.node.selectStmt?.SelectStmt;
            // VALUES, DEFAULT VALUES and SELECT without FROM always insert rows; INSERT … SELECT may insert none.
            const definite = !select || !!select.valuesLists || (!select.fromClause && (!select.op || select.op === 'SETOP_NONE'));
            if (definite || ctx.isExistingTable(t)) rows.set(keyOf(t), true);
          }
        }
      },
    };
  },
});
