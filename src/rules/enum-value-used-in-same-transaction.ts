import { defineRule } from './define.js';
import { displayName, fromNameList, fromRangeVar, keyOf, stringList, type QualifiedName } from '../sql/names.js';
import { typeRefFrom } from '../sql/type-name.js';
import { walkNode, type AncestorEntry } from '../sql/walk.js';
import { addedEnumValue } from '../sql/transaction-rules.js';

interface AddedValue {
  transactionId: number;
  type: QualifiedName;
  value: string;
  line: number;
}

/** Statements whose string constants are never read as enum values. */
const NOT_EXPRESSIONS = new Set(['CommentStmt', 'AlterEnumStmt', 'CreateEnumStmt', 'VariableSetStmt', 'TransactionStmt', 'DoStmt', 'NotifyStmt']);

type Verdict = 'enum' | 'other' | 'unknown';

export default defineRule({
  meta: {
    id: 'enum-value-used-in-same-transaction',
    description: 'Forbid using an enum value in the transaction that added it',
    category: 'correctness',
    severity: 'error',
    recommended: true,
    minPgVersion: 12,
    messages: {
      usedTooEarly:
        "'{{value}}' was added to enum {{type}} at line {{line}} in this same transaction, and a new enum value cannot be used before that transaction commits: this statement fails with 'unsafe use of new value \"{{value}}\" of enum type {{type}}'.",
    },
    fix: 'Commit between adding the value and using it: put ALTER TYPE … ADD VALUE in a migration of its own (or end the transaction right after it).',
  },
  create(ctx) {
    const added: AddedValue[] = [];
    const enumsCreatedIn = new Map<string, number>();
    return {
      Statement(stmt) {
        const txId = stmt.transaction.id;
        if (txId === null) return;
        if (stmt.kind === 'CreateEnumStmt') {
          enumsCreatedIn.set(keyOf(fromNameList(stringList(stmt.node.typeName))), txId);
          return;
        }
        const add = addedEnumValue(stmt.kind, stmt.node);
        if (add) {
          // Already there: IF NOT EXISTS makes it a no-op (without it the statement fails on its own).
          if (ctx.catalog.types.get(keyOf(add.type))?.values.includes(add.value)) return;
          // PostgreSQL 17+ lets a value be used at once when the enum itself is new in this transaction.
          if (ctx.pgVersion >= 17 && enumsCreatedIn.get(keyOf(add.type)) === txId) return;
          added.push({ transactionId: txId, type: add.type, value: add.value, line: stmt.line });
          return;
        }
        const live = added.filter((a) => a.transactionId === txId);
        if (live.length === 0 || NOT_EXPRESSIONS.has(stmt.kind)) return;
        const reported = new Set<AddedValue>();
        walkNode(stmt.stmt, (type, node, ancestors) => {
          if (type !== 'A_Const' || node.sval === undefined) return;
          for (const a of live) {
            if (reported.has(a) || node.sval.sval !== a.value) continue;
            if (contextType(node, ancestors, stmt.node, stmt.kind, a.type) === 'other') continue;
            reported.add(a);
            ctx.report({
              messageId: 'usedTooEarly',
              data: { value: a.value, type: displayName(a.type), line: a.line },
              location: node.location,
            });
          }
        });
      },
    };

    /** Whether the constant is read as the enum, as something else, or we cannot tell. */
    function contextType(constant: any, ancestors: readonly AncestorEntry[], statement: any, kind: string, enumType: QualifiedName): Verdict {
      const parent = ancestors[ancestors.length - 1];
      const grand = ancestors[ancestors.length - 2];
      const great = ancestors[ancestors.length - 3];
      if (!parent) return 'unknown';
      const isSelf = (wrapped: any) => wrapped?.A_Const === constant;
      const byType = (typeName: any): Verdict => (matchesEnum(typeRefFrom(typeName).name, enumType) ? 'enum' : 'other');

      if (parent.type === 'TypeCast') return byType(parent.node.typeName);
      if (parent.type === 'A_Expr') {
        const other = isSelf(parent.node.lexpr) ? parent.node.rexpr : parent.node.lexpr;
        return operandType(other, statement, kind, enumType);
      }
      if (parent.type === 'List' && grand?.type === 'A_Expr' && grand.node.kind === 'AEXPR_IN') {
        return operandType(grand.node.lexpr, statement, kind, enumType);
      }
      if (parent.type === 'ResTarget' && grand?.type === 'UpdateStmt' && parent.node.name) {
        return columnType(fromRangeVar(grand.node.relation), parent.node.name, enumType);
      }
      if (parent.type === 'List' && grand?.type === 'SelectStmt' && great?.type === 'InsertStmt') {
        const position = (parent.node.items ?? []).findIndex(isSelf);
        const table = fromRangeVar(great.node.relation);
        const named = (great.node.cols ?? []).map((c: any) => c.ResTarget?.name);
        const column = named.length ? named[position] : [...(ctx.table(table)?.columns.keys() ?? [])][position];
        return column ? columnType(table, column, enumType) : 'unknown';
      }
      if (parent.type === 'Constraint' && parent.node.contype === 'CONSTR_DEFAULT' && grand?.type === 'ColumnDef' && grand.node.typeName) {
        return byType(grand.node.typeName);
      }
      if (parent.type === 'AlterTableCmd' && parent.node.subtype === 'AT_ColumnDefault' && parent.node.name) {
        return columnType(fromRangeVar(statement.relation), parent.node.name, enumType);
      }
      return 'unknown';
    }

    function operandType(operand: any, statement: any, kind: string, enumType: QualifiedName): Verdict {
      if (operand?.TypeCast) return matchesEnum(typeRefFrom(operand.TypeCast.typeName).name, enumType) ? 'enum' : 'other';
      const fields = stringList(operand?.ColumnRef?.fields);
      if (fields.length === 0) return 'unknown';
      const relation = mainRelation(kind, statement);
      if (!relation) return 'unknown';
      // `alias.column` must name the statement's own table; anything else we cannot resolve.
      if (fields.length > 1 && fields[fields.length - 2] !== relation.alias && fields[fields.length - 2] !== relation.table.name) return 'unknown';
      const column = fields[fields.length - 1];
      if (kind === 'CreateStmt') {
        const def = (statement.tableElts ?? []).map((e: any) => e.ColumnDef).find((d: any) => d?.colname === column);
        return def?.typeName ? (matchesEnum(typeRefFrom(def.typeName).name, enumType) ? 'enum' : 'other') : 'unknown';
      }
      return columnType(relation.table, column, enumType);
    }

    function columnType(table: QualifiedName, column: string, enumType: QualifiedName): Verdict {
      const type = ctx.table(table)?.columns.get(column)?.type;
      if (!type || type.name === 'unknown') return 'unknown';
      return matchesEnum(type.name, enumType) ? 'enum' : 'other';
    }
  },
});

/** The one table whose columns unqualified names in the statement refer to, when there is exactly one. */
function mainRelation(kind: string, statement: any): { table: QualifiedName; alias: string | undefined } | null {
  switch (kind) {
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'InsertStmt':
      // Extra FROM / USING tables could own the column as well.
      if ((statement.fromClause ?? statement.usingClause ?? []).length > 0) return null;
      return { table: fromRangeVar(statement.relation), alias: statement.relation?.alias?.aliasname };
    case 'AlterTableStmt':
    case 'IndexStmt':
    case 'CreateStmt':
      return { table: fromRangeVar(statement.relation), alias: undefined };
    default:
      return null;
  }
}

/** Type names as the schema model spells them: `schema.name` when qualified, else the lower-cased bare name. */
function matchesEnum(typeName: string, enumType: QualifiedName): boolean {
  const lower = typeName.toLowerCase();
  if (lower.includes('.')) return lower === keyOf(enumType).toLowerCase();
  return lower === enumType.name.toLowerCase();
}
