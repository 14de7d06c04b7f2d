import { defineRule } from './define.js';
import type { Catalog } from '../catalog/types.js';
import { displayName, fromRangeVar, keyOf, quoteIdent, stringList, type QualifiedName } from '../sql/names.js';
import { displayType, typeRefFrom, type TypeRef } from '../sql/type-name.js';
import {
  INTEGER_MAX,
  INTEGER_TYPES,
  comparisonOutcome,
  literalOf,
  sqlTypeName,
  typeCategory,
  typedConstantOf,
  type Literal,
} from '../sql/type-family.js';

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

export default defineRule({
  meta: {
    id: 'implicit-cast',
    description: 'Warn when a literal of another type forces a cast of a column, or cannot be compared or assigned to it at all',
    category: 'performance',
    severity: 'warning',
    recommended: true,
    messages: {
      columnCast:
        '{{column}} ({{columnType}}) is compared with {{literal}} ({{literalType}}): Postgres casts every {{column}} value to {{literalType}}, so the {{where}} cannot use an index on {{column}} for this condition.',
      predicateCast:
        'The index predicate compares {{column}} ({{columnType}}) with {{literal}} ({{literalType}}): Postgres stores it as {{columnName}}::{{literalType}}, so queries that compare {{column}} with {{columnType}} values cannot be proven to match it and will not use this partial index.',
      noOperator:
        '{{column}} ({{columnType}}) is compared with {{literal}} ({{literalType}}): Postgres rejects this ("operator does not exist: {{columnSqlType}} {{op}} {{literalSqlType}}"), so the {{where}} fails.',
      defaultFails:
        'Default {{literal}} ({{literalType}}) for {{column}} ({{columnType}}): there is no assignment cast from {{literalSqlType}} to {{columnSqlType}}, so Postgres rejects it ("column is of type {{columnSqlType}} but default expression is of type {{literalSqlType}}").',
      defaultRounds:
        'Default {{literal}} for {{column}} ({{columnType}}) is silently rounded to {{rounded}} on every insert.',
      defaultOutOfRange:
        'Default {{literal}} for {{column}} ({{columnType}}) is out of range for {{columnSqlType}}: evaluating it fails ("{{columnSqlType}} out of range"), in ADD COLUMN at once, otherwise on every insert that uses the default.',
      assignFails:
        'UPDATE sets {{column}} ({{columnType}}) to {{literal}} ({{literalType}}): there is no assignment cast from {{literalSqlType}} to {{columnSqlType}}, so Postgres rejects the statement.',
      assignRounds: 'UPDATE sets {{column}} ({{columnType}}) to {{literal}}, which is silently rounded to {{rounded}}.',
      assignOutOfRange: 'UPDATE sets {{column}} ({{columnType}}) to {{literal}}, which is out of range for {{columnSqlType}}: the statement fails.',
    },
    fix: 'Write the literal in the column\'s type (WHERE id = 1, WHERE code = \'42\', DEFAULT false) or cast the literal explicitly, never the column.',
  },
  create(ctx) {
    /** Columns visible to a WHERE clause: the target table and, by alias or name, nothing else. */
    interface Scope {
      table: QualifiedName;
      names: Set<string>;
      /** Other relations in FROM/USING (null: a join or subquery), which unqualified names may belong to. */
      others: Array<QualifiedName | null>;
    }

    function columnType(scope: Scope, ref: any): { name: string; type: TypeRef } | null {
      const fields = ref.fields ?? [];
      if (fields.some((f: any) => !f.String)) return null;
      const parts = stringList(fields);
      const name = parts[parts.length - 1];
      if (parts.length >= 2 && !scope.names.has(parts[parts.length - 2])) return null;
      if (parts.length === 3 && parts[0] !== scope.table.schema) return null;
      // Unqualified: only when every other relation is known and none has a column of that name.
      if (parts.length === 1 && scope.others.some((o) => !o || !ctx.table(o) || ctx.table(o)!.columns.has(name))) return null;
      const type = ctx.table(scope.table)?.columns.get(name)?.type;
      return type ? { name, type } : null;
    }

    function checkComparison(scope: Scope, expr: any, where: string): void {
      const e = expr.A_Expr;
      const op = stringList(e.name).pop() ?? '';
      const kind: string = e.kind;
      let pairs: Array<[any, any]> = [];
      if (kind === 'AEXPR_OP' && COMPARISONS.has(op)) pairs = [[e.lexpr, e.rexpr], [e.rexpr, e.lexpr]];
      else if (kind === 'AEXPR_DISTINCT' || kind === 'AEXPR_NOT_DISTINCT') pairs = [[e.lexpr, e.rexpr], [e.rexpr, e.lexpr]];
      else if (kind === 'AEXPR_IN' || kind.startsWith('AEXPR_BETWEEN') || kind.startsWith('AEXPR_NOT_BETWEEN')) {
        pairs = (e.rexpr?.List?.items ?? []).map((item: any) => [e.lexpr, item]);
      }
      const shownOp = kind === 'AEXPR_OP' ? op : kind.includes('BETWEEN') ? '>=' : '=';
      for (const [side, other] of pairs) {
        if (!side?.ColumnRef) continue;
        const col = columnType(scope, side.ColumnRef);
        const constant = typedConstantOf(other);
        if (!col || !constant) continue;
        const category = typeCategory(col.type, ctx.catalog);
        if (!category) continue;
        const outcome = comparisonOutcome(col.type.name, category, constant.type);
        if (outcome !== 'column-cast' && outcome !== 'error') continue;
        ctx.report({
          messageId: outcome === 'error' ? 'noOperator' : where === 'CREATE INDEX' ? 'predicateCast' : 'columnCast',
          location: side.ColumnRef.location,
          data: {
            column: `${displayName(scope.table)}.${quoteIdent(col.name)}`,
            columnName: quoteIdent(col.name),
            columnType: displayType(col.type),
            columnSqlType: sqlTypeName(col.type.name),
            literal: constant.text,
            literalType: sqlTypeName(constant.type),
            literalSqlType: sqlTypeName(constant.type),
            op: shownOp,
            where,
          },
        });
        return;
      }
    }

    /** Comparisons in a boolean expression, not descending into subqueries (their columns are another scope). */
    function walkPredicate(scope: Scope, expr: any, where: string): void {
      if (!expr || typeof expr !== 'object') return;
      if (Array.isArray(expr)) {
        for (const x of expr) walkPredicate(scope, x, where);
        return;
      }
      if (expr.SubLink) return;
      if (expr.A_Expr) checkComparison(scope, expr, where);
      for (const value of Object.values(expr)) if (value && typeof value === 'object') walkPredicate(scope, value, where);
    }

    function checkAssignment(table: QualifiedName, name: string, type: TypeRef, expr: any, mode: 'default' | 'assign'): void {
      const lit = literalOf(expr);
      if (!lit) return;
      const problem = assignmentProblem(type, lit, ctx.catalog);
      if (!problem) return;
      const prefix = mode === 'default' ? 'default' : 'assign';
      ctx.report({
        messageId: `${prefix}${problem.kind}` as 'defaultFails',
        location: expr.A_Const?.location,
        data: {
          column: `${displayName(table)}.${quoteIdent(name)}`,
          columnType: displayType(type),
          columnSqlType: sqlTypeName(type.name),
          literal: lit.text,
          literalType: sqlTypeName(lit.type),
          literalSqlType: sqlTypeName(lit.type),
          rounded: problem.rounded ?? '',
        },
      });
    }

    function checkColumnDef(table: QualifiedName, def: any): void {
      if (!def?.typeName) return;
      const type = typeRefFrom(def.typeName);
      for (const w of def.constraints ?? []) {
        if (w.Constraint?.contype === 'CONSTR_DEFAULT') checkAssignment(table, def.colname, type, w.Constraint.raw_expr, 'default');
      }
    }

    return {
      Statement(stmt) {
        const node = stmt.node;
        switch (stmt.kind) {
          case 'UpdateStmt':
          case 'DeleteStmt': {
            const table = fromRangeVar(node.relation);
            const from: any[] = (stmt.kind === 'UpdateStmt' ? node.fromClause : node.usingClause) ?? [];
            const scope: Scope = {
              table,
              names: new Set([node.relation?.alias?.aliasname ?? table.name]),
              others: from.map((f) => (f.RangeVar ? fromRangeVar(f.RangeVar) : null)),
            };
            const verb = stmt.kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
            walkPredicate(scope, node.whereClause, verb);
            if (stmt.kind === 'UpdateStmt') {
              const columns = ctx.table(table)?.columns;
              for (const t of node.targetList ?? []) {
                const target = t.ResTarget;
                if (!target?.name || target.indirection) continue;
                const type = columns?.get(target.name)?.type;
                if (type) checkAssignment(table, target.name, type, target.val, 'assign');
              }
            }
            return;
          }
          case 'IndexStmt': {
            if (!node.whereClause) return;
            const table = fromRangeVar(node.relation);
            walkPredicate({ table, names: new Set([table.name]), others: [] }, node.whereClause, 'CREATE INDEX');
            return;
          }
          case 'CreateStmt': {
            const table = fromRangeVar(node.relation);
            for (const e of node.tableElts ?? []) if (e.ColumnDef) checkColumnDef(table, e.ColumnDef);
            return;
          }
          case 'AlterTableStmt': {
            if (node.objtype !== 'OBJECT_TABLE') return;
            const table = fromRangeVar(node.relation);
            // Later subcommands see earlier type changes (ALTER … TYPE boolean USING …, ALTER … SET DEFAULT false).
            const types = new Map<string, TypeRef>();
            for (const [name, col] of ctx.table(table)?.columns ?? []) types.set(name, col.type);
            for (const w of node.cmds ?? []) {
              const cmd = w.AlterTableCmd;
              if (!cmd) continue;
              if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) {
                checkColumnDef(table, cmd.def.ColumnDef);
                if (cmd.def.ColumnDef.typeName) types.set(cmd.def.ColumnDef.colname, typeRefFrom(cmd.def.ColumnDef.typeName));
              } else if (cmd.subtype === 'AT_AlterColumnType' && cmd.def?.ColumnDef?.typeName) {
                types.set(cmd.name, typeRefFrom(cmd.def.ColumnDef.typeName));
              } else if (cmd.subtype === 'AT_ColumnDefault' && cmd.def) {
                const type = types.get(cmd.name);
                if (type) checkAssignment(table, cmd.name, type, cmd.def, 'default');
              }
            }
            return;
          }
        }
      },
    };
  },
});

type AssignmentProblem = { kind: 'Fails' | 'Rounds' | 'OutOfRange'; rounded?: string };

/**
 * Assignment coercion of a constant (DEFAULT, UPDATE SET): numbers to integers round half away from zero and
 * fail out of range; numbers and booleans have no assignment cast to boolean, date/time, uuid, json or enum
 * types. To string types everything converts through text, so those are fine.
 */
function assignmentProblem(type: TypeRef, lit: Literal, catalog: Catalog): AssignmentProblem | null {
  if (lit.type !== 'int4' && lit.type !== 'int8' && lit.type !== 'numeric' && lit.type !== 'bool') return null;
  const category = typeCategory(type, catalog);
  if (!category || category === 'string') return null;
  if (lit.type === 'bool') return category === 'boolean' ? null : { kind: 'Fails' };
  if (category !== 'numeric') return { kind: 'Fails' };
  if (!INTEGER_TYPES.has(type.name)) return null;
  const max = INTEGER_MAX[type.name];
  if (lit.integer !== null) return lit.integer > max || lit.integer < -max - 1n ? { kind: 'OutOfRange' } : null;
  const rounded = roundNumeric(lit.text);
  if (rounded === null) return null;
  if (rounded.value > max || rounded.value < -max - 1n) return { kind: 'OutOfRange' };
  return rounded.exact ? null : { kind: 'Rounds', rounded: rounded.value.toString() };
}

/** A numeric literal's integer part and fractional digits. Null for exponents we do not expand (1e400). */
function decompose(text: string): { negative: boolean; whole: bigint; fraction: string } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim().replace(/_/g, ''));
  if (!m) return null;
  const exp = Number(m[4] ?? 0);
  if (Math.abs(exp) > 100) return null;
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + exp;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  digits = digits.padEnd(point, '0');
  return { negative: m[1] === '-', whole: BigInt(digits.slice(0, point) || '0'), fraction: digits.slice(point) };
}

/** numeric → integer rounds half away from zero. */
function roundNumeric(text: string): { value: bigint; exact: boolean } | null {
  const d = decompose(text);
  if (!d) return null;
  const magnitude = (d.fraction[0] ?? '0') >= '5' ? d.whole + 1n : d.whole;
  return { value: d.negative ? -magnitude : magnitude, exact: /^0*$/.test(d.fraction) };
}
