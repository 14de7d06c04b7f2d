import { defineRule } from './define.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, stringList, type QualifiedName } from '../sql/names.js';
import { displayType, type TypeRef } from '../sql/type-name.js';
import {
  INTEGER_MAX,
  INTEGER_TYPES,
  implicitlyCastable,
  isBuiltinType,
  primaryKeyOf,
  sameOperatorFamily,
  sqlTypeName,
  statementTableShape,
  type StatementTableShape,
} from '../sql/type-family.js';

export default defineRule({
  meta: {
    id: 'foreign-key-type-mismatch',
    description: 'Require foreign key columns to have the same type as the columns they reference',
    category: 'correctness',
    severity: 'warning',
    recommended: true,
    messages: {
      incompatible:
        'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): there is no implicit cast from {{fkSqlType}} to {{pkSqlType}}, so Postgres refuses to create it ("foreign key constraint cannot be implemented").',
      overflow:
        'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): once {{pkTable}} ids pass {{max}}, rows referencing them cannot be stored in {{fk}} ("{{fkSqlType}} out of range").',
      castsColumn:
        'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): Postgres checks it by casting {{fk}} to {{pkType}}, so every update or delete on {{pkTable}} scans {{fkTable}} instead of using an index on {{fkColumn}}, and joins need the same cast.',
      mismatch:
        'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): key columns of different types compare across types and can hold values the other side cannot; declare {{fk}} as {{pkType}}.',
    },
    fix: 'Declare the referencing column with exactly the referenced column\'s type (bigint → bigint, uuid → uuid, text → text).',
  },
  create(ctx) {
    function check(shape: StatementTableShape, c: any, fkColumns: string[]): void {
      const pkTable = fromRangeVar(c.pktable);
      const self = keyOf(pkTable) === keyOf(shape.table);
      let pkColumns = stringList(c.pk_attrs);
      if (pkColumns.length === 0) pkColumns = self ? shape.primaryKey : primaryKeyOf(ctx.catalog, keyOf(pkTable));
      if (pkColumns.length !== fkColumns.length) return;
      const referenced = ctx.table(pkTable);
      fkColumns.forEach((fkColumn, i) => {
        const pkColumn = pkColumns[i];
        const fkType = shape.columns.get(fkColumn);
        const pkType = self ? shape.columns.get(pkColumn) : referenced?.columns.get(pkColumn)?.type;
        if (!fkType || !pkType) return;
        const messageId = classify(fkType, pkType);
        if (!messageId) return;
        ctx.report({
          messageId,
          location: c.location,
          data: {
            fk: column(shape.table, fkColumn),
            pk: column(pkTable, pkColumn),
            fkTable: displayName(shape.table),
            pkTable: displayName(pkTable),
            fkColumn: quoteIdent(fkColumn),
            fkType: displayType(fkType),
            pkType: displayType(pkType),
            fkSqlType: sqlTypeName(fkType.name),
            pkSqlType: sqlTypeName(pkType.name),
            max: (INTEGER_MAX[fkType.name] ?? 0n).toLocaleString('en-US'),
          },
        });
      });
    }

    return {
      Statement(stmt) {
        const shape = statementTableShape(stmt.kind, stmt.node, ctx.catalog);
        if (!shape) return;
        const inline = (def: any) => {
          for (const w of def?.constraints ?? []) {
            const c = w.Constraint;
            if (c?.contype === 'CONSTR_FOREIGN') check(shape, c, [def.colname]);
          }
        };
        if (stmt.kind === 'CreateStmt') {
          for (const e of stmt.node.tableElts ?? []) {
            if (e.ColumnDef) inline(e.ColumnDef);
            else if (e.Constraint?.contype === 'CONSTR_FOREIGN') check(shape, e.Constraint, stringList(e.Constraint.fk_attrs));
          }
          return;
        }
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === 'AT_AddColumn') inline(cmd.def?.ColumnDef);
          const c = cmd?.def?.Constraint;
          if (cmd?.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_FOREIGN') check(shape, c, stringList(c.fk_attrs));
        }
      },
    };
  },
});

function column(table: QualifiedName, name: string): string {
  return `${displayName(table)}.${quoteIdent(name)}`;
}

type Finding = 'incompatible' | 'overflow' | 'castsColumn' | 'mismatch';

/**
 * What Postgres does with a key pair (ATAddForeignKeyConstraint): it uses the referenced column's btree
 * equality operator, directly when its operator family has a cross-type member for the referencing type,
 * otherwise through an implicit cast of the referencing column; with neither it refuses the constraint.
 */
function classify(fk: TypeRef, pk: TypeRef): Finding | null {
  if (fk.arrayDims !== pk.arrayDims) return null;
  // Length and precision modifiers (varchar(36) vs varchar(64)) need no cast; only the type matters.
  if (fk.name === pk.name) return null;
  // Domains, enums and extension types: their base type is unknown here.
  if (fk.arrayDims > 0 || !isBuiltinType(fk.name) || !isBuiltinType(pk.name)) return null;
  // varchar has no operators of its own: it is indexed and compared as text.
  const pkOpclassType = pk.name === 'varchar' ? 'text' : pk.name;
  const crossType = sameOperatorFamily(fk.name, pkOpclassType);
  if (!crossType && !implicitlyCastable(fk.name, pkOpclassType)) return 'incompatible';
  if (INTEGER_TYPES.has(fk.name) && INTEGER_TYPES.has(pk.name) && INTEGER_MAX[fk.name] < INTEGER_MAX[pk.name]) return 'overflow';
  // varchar → text is a binary relabelling: indexes still match, so only the declared types differ.
  if (!crossType && !(fk.name === 'varchar' && pkOpclassType === 'text')) return 'castsColumn';
  return 'mismatch';
}
