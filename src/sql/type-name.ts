/**
 * Column types, normalised to Postgres' internal names (`integer` → `int4`, `character varying` → `varchar`),
 * with their modifiers (varchar length, numeric precision/scale) and array dimensions.
 */
import { stringList } from './names.js';

export interface TypeRef {
  /** Internal name for built-ins (`int4`, `varchar`, `timestamptz`); `schema.name` for user types. */
  name: string;
  /** Integer type modifiers: varchar(n) → [n], numeric(p,s) → [p,s]; empty when unconstrained. */
  mods: number[];
  arrayDims: number;
  /** True when declared `serial`/`bigserial`/`smallserial`. */
  serial: boolean;
}

const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  'double precision': 'float8',
  float: 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

// No `char` here: the parser turns CHAR(n) into pg_catalog.bpchar itself, so a bare `char` is the quoted
// one-byte internal type "char".
const SERIALS = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** The parser already folds unquoted names to lower case; a quoted "MyType" keeps its case. */
export function normaliseTypeName(raw: string): string {
  return ALIASES[raw] ?? raw;
}

export function typeRefFrom(typeName: any): TypeRef {
  const names = stringList(typeName?.names);
  const builtin = names.length === 2 && names[0] === 'pg_catalog';
  const base = names[names.length - 1] ?? 'unknown';
  const name = builtin || names.length === 1 ? normaliseTypeName(base) : names.join('.');
  const mods: number[] = [];
  for (const m of typeName?.typmods ?? []) {
    const ival = m?.A_Const?.ival;
    if (ival !== undefined) mods.push(ival.ival ?? 0);
  }
  // pg_catalog.interval carries field masks in typmods, not a length.
  const cleanMods = name === 'interval' ? [] : mods;
  return {
    name,
    mods: cleanMods,
    arrayDims: (typeName?.arrayBounds ?? []).length,
    serial: names.length === 1 && SERIALS.has(base.toLowerCase()),
  };
}

const DISPLAY: Record<string, string> = {
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
};

export function displayType(t: TypeRef): string {
  const base = DISPLAY[t.name] ?? t.name;
  const mods = t.mods.length ? `(${t.mods.join(',')})` : '';
  return `${base}${mods}${'[]'.repeat(t.arrayDims)}`;
}

export function sameType(a: TypeRef, b: TypeRef): boolean {
  return a.name === b.name && a.arrayDims === b.arrayDims && a.mods.join(',') === b.mods.join(',');
}
