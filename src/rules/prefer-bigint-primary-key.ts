import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, stringList } from '../sql/names.js';
import type { TypeRef } from '../sql/type-name.js';
import { INTEGER_MAX, statementTableShape } from '../sql/type-family.js';

const SMALL = new Set(['int2', 'int4']);

export default defineRule({
  meta: {
    id: 'prefer-bigint-primary-key',
    description: 'Prefer bigint for integer primary keys and identity columns',
    category: 'style',
    severity: 'warning',
    recommended: false,
    messages: {
      primaryKey:
        'Primary key {{column}} is {{type}}: it runs out at {{max}} ids, and widening it then rewrites {{table}} and every table that references it under ACCESS EXCLUSIVE, blocking reads and writes.',
      identity:
        'Identity column {{column}} is {{type}}: it runs out at {{max}} values, and widening it then rewrites {{table}} under ACCESS EXCLUSIVE, blocking reads and writes.',
    },
    fix: 'Declare generated keys as bigint (bigint GENERATED ALWAYS AS IDENTITY, or bigserial); referencing columns then need bigint too.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const shape = statementTableShape(stmt.kind, stmt.node, ctx.catalog);
        if (!shape) return;
        const node = stmt.node;
        const reported = new Set<string>();
        // A key that is itself a foreign key (1:1 extension tables) takes its values from the referenced key.
        const fkColumns = new Set<string>();
        for (const c of ctx.table(shape.table)?.constraints ?? []) if (c.kind === 'foreign-key') c.columns.forEach((col) => fkColumns.add(col));

        const report = (column: string, messageId: 'primaryKey' | 'identity', location: number | undefined) => {
          const type = shape.columns.get(column);
          if (!type || type.arrayDims > 0 || !SMALL.has(type.name) || reported.has(column)) return;
          if (messageId === 'primaryKey' && fkColumns.has(column)) return;
          reported.add(column);
          ctx.report({
            messageId,
            location,
            data: {
              column: `${displayName(shape.table)}.${quoteIdent(column)}`,
              table: displayName(shape.table),
              type: typeLabel(type),
              max: INTEGER_MAX[type.name].toLocaleString('en-US'),
            },
          });
        };

        const columnDefs: any[] = [];
        const constraints: any[] = [];
        const identities: Array<{ column: string; location: number | undefined }> = [];
        if (stmt.kind === 'CreateStmt') {
          for (const e of node.tableElts ?? []) {
            if (e.ColumnDef) columnDefs.push(e.ColumnDef);
            if (e.Constraint) constraints.push(e.Constraint);
          }
        } else {
          for (const w of node.cmds ?? []) {
            const cmd = w.AlterTableCmd;
            if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) columnDefs.push(cmd.def.ColumnDef);
            if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) constraints.push(cmd.def.Constraint);
            if (cmd?.subtype === 'AT_AddIdentity' && cmd.name) identities.push({ column: cmd.name, location: cmd.def?.Constraint?.location });
          }
        }
        for (const def of columnDefs) {
          for (const w of def.constraints ?? []) if (w.Constraint?.contype === 'CONSTR_FOREIGN') fkColumns.add(def.colname);
        }
        for (const c of constraints) if (c.contype === 'CONSTR_FOREIGN') stringList(c.fk_attrs).forEach((col) => fkColumns.add(col));
        // Tools like Prisma add the foreign keys at the end of the file.
        for (const later of ctx.statements.slice(stmt.index + 1)) {
          if (later.kind !== 'AlterTableStmt' || keyOf(fromRangeVar(later.node.relation)) !== keyOf(shape.table)) continue;
          for (const w of later.node.cmds ?? []) {
            const c = w.AlterTableCmd?.def?.Constraint;
            if (w.AlterTableCmd?.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_FOREIGN') stringList(c.fk_attrs).forEach((col) => fkColumns.add(col));
          }
        }

        for (const def of columnDefs) {
          for (const w of def.constraints ?? []) {
            const c = w.Constraint;
            if (c?.contype === 'CONSTR_PRIMARY') report(def.colname, 'primaryKey', def.location);
            if (c?.contype === 'CONSTR_IDENTITY') identities.push({ column: def.colname, location: def.location });
          }
        }
        for (const c of constraints) {
          if (c.contype !== 'CONSTR_PRIMARY') continue;
          let columns = stringList(c.keys);
          if (c.indexname) columns = ctx.catalog.indexes.get(keyOf({ schema: shape.table.schema, name: c.indexname }))?.columns ?? [];
          // Composite keys are made of references to other tables' keys; those keys are where ids run out.
          if (columns.length === 1) report(columns[0], 'primaryKey', c.location);
        }
        for (const { column, location } of identities) report(column, 'identity', location);
      },
    };
  },
});

function typeLabel(type: TypeRef): string {
  if (type.serial) return type.name === 'int2' ? 'smallserial' : 'serial';
  return type.name === 'int2' ? 'smallint' : 'integer';
}
