/**
 * Type categories (Postgres' `pg_type.typcategory`, with uuid and json split out), the type a literal gets from
 * the parser, and the handful of implicit casts and cross-type operators that decide whether a comparison or
 * a foreign key needs a cast, and on which side. Only built-in types are described: anything else is unknown,
 * and callers stay quiet about it.
 */
import type { Catalog } from '../catalog/types.js';
import { fromRangeVar, keyOf, stringList, type QualifiedName } from './names.js';
import type { TypeRef } from './type-name.js';
import { typeRefFrom } from './type-name.js';

export type TypeCategory = 'numeric' | 'string' | 'datetime' | 'timespan' | 'boolean' | 'uuid' | 'json' | 'enum';

const CATEGORIES: Record<string, TypeCategory> = {
  int2: 'numeric',
  int4: 'numeric',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'numeric',
  float8: 'numeric',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  date: 'datetime',
  time: 'datetime',
  timetz: 'datetime',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  interval: 'timespan',
  bool: 'boolean',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'json',
};

export const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

/** Largest value of each integer type. */
export const INTEGER_MAX: Record<string, bigint> = {
  int2: 32767n,
  int4: 2147483647n,
  int8: 9223372036854775807n,
};

export function isBuiltinType(name: string): boolean {
  return name in CATEGORIES;
}

/**
 * The category of a column type, or null when unknown (arrays, domains, extension types, `unknown`).
 * Enums are recognised through the catalog; `status` means `public.status`.
 */
export function typeCategory(type: TypeRef, catalog?: Catalog): TypeCategory | null {
  if (type.arrayDims > 0) return null;
  const builtin = CATEGORIES[type.name];
  if (builtin) return builtin;
  const key = type.name.includes('.') ? type.name : `public.${type.name}`;
  return catalog?.types.get(key)?.kind === 'enum' ? 'enum' : null;
}

/** What the parser makes of a constant: `42` int4, `3000000000` int8, `1.5` numeric, `'x'` unknown, `true` bool. */
export type LiteralTypeName = 'int4' | 'int8' | 'numeric' | 'bool' | 'unknown' | 'null' | 'bit';

export interface Literal {
  type: LiteralTypeName;
  /** The text as written (`1.5`, `-2147483648`, `0x1F`), for messages and range checks. */
  text: string;
  /** Exact integer value when the literal is an integer (int4 or int8). */
  integer: bigint | null;
}

/** `{ A_Const: … }` → its literal type, or null when the expression is not a constant. */
export function literalOf(expr: any): Literal | null {
  const c = expr?.A_Const;
  if (!c) return null;
  if (c.isnull) return { type: 'null', text: 'NULL', integer: null };
  if (c.ival) {
    const v = c.ival.ival ?? 0;
    return { type: 'int4', text: String(v), integer: BigInt(v) };
  }
  if (c.fval) {
    const text: string = c.fval.fval ?? '';
    const integer = parseInteger(text);
    // Postgres' make_const: a T_Float that scanint8 accepts is int8, anything else numeric.
    if (integer !== null && integer >= -INTEGER_MAX.int8 - 1n && integer <= INTEGER_MAX.int8) return { type: 'int8', text, integer };
    return { type: 'numeric', text, integer: null };
  }
  if (c.boolval) return { type: 'bool', text: c.boolval.boolval ? 'true' : 'false', integer: null };
  if (c.sval) return { type: 'unknown', text: `'${c.sval.sval ?? ''}'`, integer: null };
  if (c.bsval) return { type: 'bit', text: c.bsval.bsval ?? '', integer: null };
  return null;
}

/** Decimal, hex (0x), octal (0o) and binary (0b) integers with optional `_` separators (Postgres 16+). */
function parseInteger(text: string): bigint | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/.exec(text.trim());
  if (!m) return null;
  try {
    const value = BigInt(m[2].replace(/_/g, ''));
    return m[1] === '-' ? -value : value;
  } catch {
    return null;
  }
}

/**
 * A constant, possibly under an explicit cast: `1.5` or `1::numeric`. Explicit casts to other types than the
 * numeric ones and boolean yield null (their comparisons are not modelled).
 */
export function typedConstantOf(expr: any): { type: string; text: string } | null {
  const lit = literalOf(expr);
  if (lit) return { type: lit.type, text: lit.text };
  const inner = literalOf(expr?.TypeCast?.arg);
  if (!inner) return null;
  const t = typeRefFrom(expr.TypeCast.typeName);
  if (t.arrayDims > 0 || !(t.name in NUMERIC_RANK || t.name === 'bool')) return null;
  return { type: t.name, text: `${inner.text}::${t.name}` };
}

/** Rank along Postgres' implicit numeric casts: int2 → int4 → int8 → numeric → float4 → float8. */
const NUMERIC_RANK: Record<string, number> = { int2: 0, int4: 1, int8: 2, numeric: 3, float4: 4, float8: 5 };

/** Implicit casts between built-ins (pg_cast with castcontext 'i'), the ones that matter here. */
const IMPLICIT: Record<string, string[]> = {
  int2: ['int4', 'int8', 'numeric', 'float4', 'float8'],
  int4: ['int8', 'numeric', 'float4', 'float8'],
  int8: ['numeric', 'float4', 'float8'],
  numeric: ['float4', 'float8'],
  float4: ['float8'],
  text: ['bpchar', 'varchar', 'name'],
  varchar: ['text', 'bpchar', 'name'],
  bpchar: ['text', 'varchar', 'name'],
  name: ['text'],
  date: ['timestamp', 'timestamptz'],
  timestamp: ['timestamptz'],
  time: ['timetz', 'interval'],
};

export function implicitlyCastable(from: string, to: string): boolean {
  return from === to || (IMPLICIT[from] ?? []).includes(to);
}

/**
 * Types whose btree operator family holds cross-type operators, so `a = b` needs no cast and uses either
 * side's index (integer_ops, float_ops, datetime_ops, and text_ops where varchar is text; name joined it in 12).
 */
const CROSS_TYPE_FAMILIES: string[][] = [
  ['int2', 'int4', 'int8'],
  ['float4', 'float8'],
  ['date', 'timestamp', 'timestamptz'],
  ['text', 'varchar', 'name'],
];

export function sameOperatorFamily(a: string, b: string): boolean {
  return a === b || CROSS_TYPE_FAMILIES.some((f) => f.includes(a) && f.includes(b));
}

/**
 * How Postgres resolves `column <op> constant` for numeric, boolean and the other built-in categories:
 * `ok` (constant cast, or a cross-type operator), `column-cast` (the column is cast, so a plain index on it
 * cannot be used), `error` (no operator: "operator does not exist"), or null when not modelled.
 */
export function comparisonOutcome(columnType: string, columnCategory: TypeCategory, constantType: string): 'ok' | 'column-cast' | 'error' | null {
  if (constantType === 'unknown' || constantType === 'null' || constantType === 'bit') return null;
  const constantCategory: TypeCategory | null = constantType === 'bool' ? 'boolean' : constantType in NUMERIC_RANK ? 'numeric' : null;
  if (!constantCategory) return null;
  if (constantCategory !== columnCategory) {
    // No implicit casts between these categories and no cross-category comparison operators.
    return ['numeric', 'boolean', 'string', 'datetime', 'timespan', 'uuid', 'json', 'enum'].includes(columnCategory) ? 'error' : null;
  }
  if (columnCategory === 'boolean') return 'ok';
  if (sameOperatorFamily(columnType, constantType)) return 'ok';
  const col = NUMERIC_RANK[columnType];
  const lit = NUMERIC_RANK[constantType];
  if (col === undefined || lit === undefined) return null;
  return lit > col ? 'column-cast' : 'ok';
}

/** The SQL name Postgres prints in errors: `integer`, `character varying`, `timestamp without time zone`. */
const SQL_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

export function sqlTypeName(name: string): string {
  return SQL_NAMES[name] ?? name;
}

/** A table's column types and primary key as one CREATE TABLE / ALTER TABLE statement leaves them. */
export interface StatementTableShape {
  table: QualifiedName;
  columns: Map<string, TypeRef>;
  primaryKey: string[];
}

/**
 * Column types for a CREATE TABLE (from the statement itself, plus inherited columns the catalog knows) or an
 * ALTER TABLE (the catalog, overlaid with the columns it adds and the types it changes). The catalog is only
 * updated after the statement, so rules that look at constraints inside it need this view.
 */
export function statementTableShape(kind: string, node: any, catalog: Catalog): StatementTableShape | null {
  if (kind === 'CreateStmt') {
    const table = fromRangeVar(node.relation);
    const columns = new Map<string, TypeRef>();
    let primaryKey: string[] = [];
    for (const r of node.inhRelations ?? []) {
      const parent = catalog.tables.get(keyOf(fromRangeVar(r.RangeVar)));
      for (const [name, col] of parent?.columns ?? []) columns.set(name, col.type);
      if (node.partbound && parent) primaryKey = primaryKeyOf(catalog, keyOf(parent));
    }
    for (const e of node.tableElts ?? []) {
      const def = e.ColumnDef;
      if (def?.typeName) columns.set(def.colname, typeRefFrom(def.typeName));
      for (const c of def?.constraints ?? []) if (c.Constraint?.contype === 'CONSTR_PRIMARY') primaryKey = [def.colname];
      if (e.Constraint?.contype === 'CONSTR_PRIMARY' && e.Constraint.keys) primaryKey = stringList(e.Constraint.keys);
    }
    return { table, columns, primaryKey };
  }
  if (kind === 'AlterTableStmt' && node.objtype === 'OBJECT_TABLE') {
    const table = fromRangeVar(node.relation);
    const known = catalog.tables.get(keyOf(table));
    const columns = new Map<string, TypeRef>();
    for (const [name, col] of known?.columns ?? []) columns.set(name, col.type);
    let primaryKey = primaryKeyOf(catalog, keyOf(table));
    for (const w of node.cmds ?? []) {
      const cmd = w.AlterTableCmd;
      const def = cmd?.def?.ColumnDef;
      if (cmd?.subtype === 'AT_AddColumn' && def?.typeName) {
        columns.set(def.colname, typeRefFrom(def.typeName));
        for (const c of def.constraints ?? []) if (c.Constraint?.contype === 'CONSTR_PRIMARY') primaryKey = [def.colname];
      }
      if (cmd?.subtype === 'AT_AlterColumnType' && def?.typeName && cmd.name) columns.set(cmd.name, typeRefFrom(def.typeName));
      if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_PRIMARY' && cmd.def.Constraint.keys) {
        primaryKey = stringList(cmd.def.Constraint.keys);
      }
    }
    return { table, columns, primaryKey };
  }
  return null;
}

/** Primary key columns of a table the catalog knows (`schema.name`), or []. */
export function primaryKeyOf(catalog: Catalog, tableKey: string): string[] {
  const pk = catalog.tables.get(tableKey)?.constraints.find((c) => c.kind === 'primary-key');
  if (pk && pk.columns.length) return pk.columns;
  for (const index of catalog.indexes.values()) if (index.table === tableKey && index.primary) return index.columns;
  return [];
}

/** A column type written in a CREATE TABLE, ALTER TABLE … ADD COLUMN or ALTER COLUMN … TYPE. */
export interface DeclaredColumn {
  table: QualifiedName;
  column: string;
  /** The raw TypeName node (its `names` tell `"char"` from `char(n)`). */
  typeName: any;
  type: TypeRef;
  via: 'create' | 'add-column' | 'alter-type';
  /** Byte offset of the type in the file. */
  location: number | undefined;
}

/** Column types declared by a top-level CREATE TABLE or ALTER TABLE (partition columns without a type are skipped). */
export function declaredColumns(kind: string, node: any): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  const push = (table: QualifiedName, column: string, typeName: any, via: DeclaredColumn['via']) => {
    if (!typeName || !column) return;
    out.push({ table, column, typeName, type: typeRefFrom(typeName), via, location: typeName.location });
  };
  if (kind === 'CreateStmt') {
    const table = fromRangeVar(node.relation);
    for (const e of node.tableElts ?? []) if (e.ColumnDef) push(table, e.ColumnDef.colname, e.ColumnDef.typeName, 'create');
  } else if (kind === 'AlterTableStmt' && (node.objtype === 'OBJECT_TABLE' || node.objtype === 'OBJECT_FOREIGN_TABLE')) {
    const table = fromRangeVar(node.relation);
    for (const w of node.cmds ?? []) {
      const cmd = w.AlterTableCmd;
      const def = cmd?.def?.ColumnDef;
      if (cmd?.subtype === 'AT_AddColumn' && def) push(table, def.colname, def.typeName, 'add-column');
      if (cmd?.subtype === 'AT_AlterColumnType' && def) push(table, cmd.name, def.typeName, 'alter-type');
    }
  }
  return out;
}
