/**
 * Data-changing statements as the data-loss, backfill and lock rules need them: which UPDATE/DELETE/INSERT a
 * statement really executes, its target table, and whether its WHERE bounds the rows it touches.
 *
 * "Bounded" is a static, documented approximation of "touches a small, known slice of the table":
 * - a key column (primary key or unique constraint/index the schema model knows; `id` when it knows none; `ctid`
 *   always) compared for equality with constants, an IN list, `= ANY(constant array)` or a scalar subquery;
 * - a key column in a closed range: `BETWEEN a AND b`, or both a lower (`>`, `>=`) and an upper (`<`, `<=`) bound;
 * - a key column `IN (SELECT … LIMIT n)` / `= ANY(ARRAY(SELECT … LIMIT n))` (batching);
 * - `WHERE CURRENT OF cursor`.
 * A conjunction is bounded when any of its terms is (or its terms together close a range or cover a composite
 * key); a disjunction when every branch is. Anything else (`col IS NULL`, a join to another table, a non-key
 * equality) can match the whole table.
 */
import type { Catalog } from '../catalog/types.js';
import { fromRangeVar, keyOf, stringList, type QualifiedName } from './names.js';

export type DmlVerb = 'UPDATE' | 'DELETE' | 'INSERT';

export interface DmlTarget {
  table: QualifiedName;
  /** The alias the statement gives the target (`UPDATE users AS u`), if any. */
  alias: string | null;
}

/** One data-changing statement the migration executes: the top-level one or a data-modifying CTE of it. */
export interface ExecutedDml {
  verb: DmlVerb;
  node: any;
  target: DmlTarget;
  /** True for a DML nested in a WITH clause (report at `location` rather than on the whole statement). */
  nested: boolean;
  location: number | undefined;
}

const VERBS: Record<string, DmlVerb> = { UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', InsertStmt: 'INSERT' };

export function dmlTarget(node: any): DmlTarget {
  return { table: fromRangeVar(node.relation), alias: node.relation?.alias?.aliasname ?? null };
}

/**
 * The UPDATE/DELETE/INSERT statements a top-level statement runs: itself, and data-modifying CTEs of it (also in a
 * top-level SELECT). Function bodies (`BEGIN ATOMIC`) and DO blocks are not executed by the migration and yield nothing.
 */
export function executedDml(kind: string, node: any): ExecutedDml[] {
  const found: ExecutedDml[] = [];
  const visit = (k: string, n: any, nested: boolean) => {
    if (!n) return;
    const verb = VERBS[k];
    if (verb) found.push({ verb, node: n, target: dmlTarget(n), nested, location: n.relation?.location });
    if (verb || k === 'SelectStmt') {
      for (const cte of n.withClause?.ctes ?? []) {
        const query = cte.CommonTableExpr?.ctequery;
        if (!query) continue;
        const [qk] = Object.keys(query);
        visit(qk, query[qk], true);
      }
    }
  };
  visit(kind, node, false);
  return found;
}

/**
 * System catalogs (`UPDATE pg_index …`, `pg_catalog.pg_class`): not application tables. Unqualified `pg_*` names
 * resolve to pg_catalog first, unless the schema model knows a table of that name.
 */
export function isSystemTable(catalog: Catalog, table: QualifiedName): boolean {
  if (['pg_catalog', 'information_schema', 'pg_toast'].includes(table.schema)) return true;
  return table.name.startsWith('pg_') && !catalog.tables.has(keyOf(table));
}

/** Key column sets of a table: its primary key and unique constraints/indexes. `[['id']]` when none are known. */
export function tableKeys(catalog: Catalog, table: QualifiedName): string[][] {
  const key = keyOf(table);
  const keys: string[][] = [];
  const known = catalog.tables.get(key);
  for (const c of known?.constraints ?? []) {
    if ((c.kind === 'primary-key' || c.kind === 'unique') && c.columns.length) keys.push(c.columns);
  }
  for (const index of catalog.indexes.values()) {
    if (index.table === key && index.unique && !index.partial && index.columns.length && !index.columns.includes('(expr)')) keys.push(index.columns);
  }
  if (keys.length === 0) keys.push(['id']);
  return keys;
}

interface Facts {
  bounded: boolean;
  equal: Set<string>;
  lower: Set<string>;
  upper: Set<string>;
}

/** Whether `where` bounds the rows of `target` (see the module comment). A missing WHERE is unbounded. */
export function whereIsBounded(where: any, target: DmlTarget, keys: string[][]): boolean {
  if (!where) return false;
  const singleKeys = new Set(keys.filter((k) => k.length === 1).map((k) => k[0]));
  singleKeys.add('ctid');
  const isKey = (c: string | null): c is string => c !== null && singleKeys.has(c);
  // With an alias, Postgres only accepts the alias as qualifier.
  const qualifier = target.alias ?? target.table.name;

  /** The target's column a ColumnRef names, or null (other tables, expressions). */
  const column = (expr: any): string | null => {
    const ref = expr?.ColumnRef;
    if (!ref) return null;
    const fields = stringList(ref.fields);
    if (fields.some((f) => f === '')) return null;
    if (fields.length >= 2 && fields[fields.length - 2] !== qualifier) return null;
    return fields[fields.length - 1] ?? null;
  };

  const facts = (expr: any): Facts => {
    const f: Facts = { bounded: false, equal: new Set(), lower: new Set(), upper: new Set() };
    if (expr?.CurrentOfExpr) {
      f.bounded = true;
    } else if (expr?.BoolExpr) {
      const args: Facts[] = (expr.BoolExpr.args ?? []).map(facts);
      if (expr.BoolExpr.boolop === 'AND_EXPR') {
        for (const a of args) {
          f.bounded ||= a.bounded;
          a.equal.forEach((c) => f.equal.add(c));
          a.lower.forEach((c) => f.lower.add(c));
          a.upper.forEach((c) => f.upper.add(c));
        }
      } else if (expr.BoolExpr.boolop === 'OR_EXPR') {
        f.bounded = args.length > 0 && args.every((a) => closes(a));
      }
    } else if (expr?.A_Expr) {
      const a = expr.A_Expr;
      const op = stringList(a.name)[0];
      const left = column(a.lexpr);
      const right = column(a.rexpr);
      switch (a.kind) {
        case 'AEXPR_OP':
          if (op === '=') {
            if (left && isValue(a.rexpr)) f.equal.add(left);
            else if (right && isValue(a.lexpr)) f.equal.add(right);
          } else if (op === '<' || op === '<=' || op === '>' || op === '>=') {
            const upperOp = op.startsWith('<');
            if (left && isValue(a.rexpr)) (upperOp ? f.upper : f.lower).add(left);
            else if (right && isValue(a.lexpr)) (upperOp ? f.lower : f.upper).add(right);
          }
          break;
        case 'AEXPR_IN':
          if (op === '=' && left && (a.rexpr?.List?.items ?? []).every(isValue)) f.equal.add(left);
          break;
        case 'AEXPR_OP_ANY':
          if (op === '=' && left) {
            if (isValue(a.rexpr)) f.equal.add(left);
            else if (isKey(left) && limitedSublink(a.rexpr)) f.bounded = true;
          }
          break;
        case 'AEXPR_BETWEEN':
        case 'AEXPR_BETWEEN_SYM':
          if (left && (a.rexpr?.List?.items ?? []).every(isValue)) {
            f.lower.add(left);
            f.upper.add(left);
          }
          break;
      }
    } else if (expr?.SubLink) {
      const s = expr.SubLink;
      const test = column(s.testexpr);
      const op = stringList(s.operName)[0] ?? '=';
      if (s.subLinkType === 'ANY_SUBLINK' && op === '=' && isKey(test) && limitedSublink(expr)) f.bounded = true;
    }
    return f;
  };

  const closes = (f: Facts): boolean =>
    f.bounded ||
    keys.some((k) => k.every((c) => f.equal.has(c))) ||
    [...f.equal].some(isKey) ||
    [...f.lower].some((c) => isKey(c) && f.upper.has(c));

  return closes(facts(where));
}

/** A constant, a parameter, a constant array or a scalar subquery: one value (or a fixed list) per execution. */
function isValue(expr: any): boolean {
  if (!expr) return false;
  if (expr.A_Const) return !expr.A_Const.isnull;
  if (expr.ParamRef) return true;
  if (expr.TypeCast) return isValue(expr.TypeCast.arg);
  if (expr.A_ArrayExpr) return (expr.A_ArrayExpr.elements ?? []).every(isValue);
  if (expr.SubLink) return expr.SubLink.subLinkType === 'EXPR_SUBLINK';
  if (expr.A_Expr && expr.A_Expr.kind === 'AEXPR_OP') {
    return (!expr.A_Expr.lexpr || isValue(expr.A_Expr.lexpr)) && isValue(expr.A_Expr.rexpr);
  }
  if (expr.FuncCall) return (expr.FuncCall.args ?? []).every(isValue);
  return false;
}

/** `(SELECT … LIMIT n)` or `ARRAY(SELECT … LIMIT n)`. */
function limitedSublink(expr: any): boolean {
  const select = expr?.SubLink?.subselect?.SelectStmt;
  return !!select && selectHasLimit(select);
}

function selectHasLimit(select: any): boolean {
  if (select.limitCount && !select.limitCount.A_Const?.isnull) return true;
  if (select.op && select.op !== 'SETOP_NONE') return !!select.larg && !!select.rarg && selectHasLimit(select.larg) && selectHasLimit(select.rarg);
  return false;
}

/** Whether an UPDATE/DELETE changes an unbounded set of rows (no WHERE, or a WHERE that does not bound them). */
export function isUnboundedWrite(dml: ExecutedDml, catalog: Catalog): boolean {
  if (dml.verb === 'INSERT') return false;
  return !whereIsBounded(dml.node.whereClause, dml.target, tableKeys(catalog, dml.target.table));
}

/**
 * The tables an `INSERT … SELECT` reads without bounding the rows (no LIMIT, no key-bounded WHERE), excluding
 * names of CTEs. Empty for `INSERT … VALUES` / `DEFAULT VALUES` and SELECTs without FROM.
 */
export function insertSelectSources(insert: any, catalog: Catalog): QualifiedName[] {
  const select = insert.selectStmt?.SelectStmt;
  if (!select) return [];
  const ctes = new Set<string>();
  for (const w of [insert.withClause, select.withClause]) {
    for (const cte of w?.ctes ?? []) if (cte.CommonTableExpr?.ctename) ctes.add(cte.CommonTableExpr.ctename);
  }
  const sources: QualifiedName[] = [];
  const visit = (s: any) => {
    if (!s) return;
    if (s.op && s.op !== 'SETOP_NONE') {
      visit(s.larg);
      visit(s.rarg);
      return;
    }
    if (s.valuesLists || selectHasLimit(s)) return;
    const from = (s.fromClause ?? []) as any[];
    const tables = from.flatMap(rangeVars).filter((rv) => rv.schemaname || !ctes.has(rv.relname));
    if (tables.length === 0) return;
    if (from.length === 1 && from[0].RangeVar) {
      const target = dmlTarget({ relation: from[0].RangeVar });
      if (whereIsBounded(s.whereClause, target, tableKeys(catalog, target.table))) return;
    }
    for (const rv of tables) sources.push(fromRangeVar(rv));
  };
  visit(select);
  return sources;
}

/** RangeVars of a FROM item, through joins (not into subqueries). */
function rangeVars(item: any): any[] {
  if (item?.RangeVar) return [item.RangeVar];
  if (item?.JoinExpr) return [...rangeVars(item.JoinExpr.larg), ...rangeVars(item.JoinExpr.rarg)];
  return [];
}

/**
 * Whether `column` of `table` was added earlier in this file (ADD COLUMN, followed through RENAME COLUMN and
 * RENAME TABLE), so it is new in this change. The catalog does not record per-column provenance yet; a column
 * object carrying `createdInChange: true` (once it does) is honoured too.
 */
export function columnAddedInChange(
  catalog: Catalog,
  statements: readonly { kind: string; node: any }[],
  before: number,
  table: QualifiedName,
  column: string,
): boolean {
  const known = catalog.tables.get(keyOf(table))?.columns.get(column) as { createdInChange?: boolean } | undefined;
  if (known?.createdInChange === true) return true;
  const added = new Set<string>();
  const colKey = (t: QualifiedName, c: string) => `${keyOf(t)}\u0000${c}`;
  for (const stmt of statements.slice(0, before)) {
    const n = stmt.node;
    if (stmt.kind === 'AlterTableStmt') {
      const t = fromRangeVar(n.relation);
      for (const w of n.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef?.colname) added.add(colKey(t, cmd.def.ColumnDef.colname));
        if (cmd?.subtype === 'AT_DropColumn' && cmd.name) added.delete(colKey(t, cmd.name));
      }
    } else if (stmt.kind === 'RenameStmt' && n.renameType === 'OBJECT_COLUMN') {
      const t = fromRangeVar(n.relation);
      if (added.delete(colKey(t, n.subname))) added.add(colKey(t, n.newname));
    } else if (stmt.kind === 'RenameStmt' && n.renameType === 'OBJECT_TABLE') {
      const from = `${keyOf(fromRangeVar(n.relation))}\u0000`;
      const to = `${keyOf({ schema: fromRangeVar(n.relation).schema, name: n.newname })}\u0000`;
      for (const k of [...added]) {
        if (k.startsWith(from)) {
          added.delete(k);
          added.add(to + k.slice(from.length));
        }
      }
    }
  }
  return added.has(colKey(table, column));
}
