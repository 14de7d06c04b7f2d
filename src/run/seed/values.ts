/**
 * One SQL expression per column, computed from an integer SQL expression `v` (1, 2, 3, … per row). Each generator
 * is injective in v up to its `cap` (then it cycles), which is what UNIQUE and PRIMARY KEY columns rely on.
 */
import type { SeedType } from './catalog.js';
import type { ColumnCheck } from './checks.js';

export interface Generated {
  expr: string;
  /** How many distinct values v = 1..cap gives (Infinity: as many as rows). */
  cap: number;
}

export interface ValueHint {
  column: string;
  attnum: number;
  check?: ColumnCheck;
  /**
   * Production's average stored width in bytes (pg_stats.avg_width): text, varchar, bytea and json values are
   * padded to about that, within varchar(n) and CHECK length limits. Padding never shortens a value, and it keeps
   * distinct values distinct.
   */
  width?: number;
}

const INT_RANGE: Record<string, [number, number]> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [-9007199254740991, 9007199254740991],
  oid: [1, 4294967295],
};

export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function cycle(v: string, cap: number): string {
  return Number.isFinite(cap) ? `(((${v}) - 1) % ${cap} + 1)` : `(${v})`;
}

function fromList(values: string[], v: string): Generated {
  return { expr: `(ARRAY[${values.map(literal).join(', ')}]::text[])[${cycle(v, values.length)}]`, cap: values.length };
}

/** Integers in [lo, hi] intersected with the CHECK's range; null when the range is empty. */
function integerRange(check: ColumnCheck | undefined, lo: number, hi: number): [number, number] | null {
  let min = lo;
  let max = hi;
  if (check?.min !== undefined) min = Math.max(min, check.minInclusive ? Math.ceil(check.min) : Math.floor(check.min) + 1);
  if (check?.max !== undefined) max = Math.min(max, check.maxInclusive ? Math.floor(check.max) : Math.ceil(check.max) - 1);
  if (min > max) return null;
  // Without a lower bound, start at 1 (keys look like keys), or a million below the upper bound.
  if (check?.min === undefined) min = max >= 1 ? Math.max(min, 1) : Math.max(min, max - 1_000_000);
  return [min, max];
}

function integers(check: ColumnCheck | undefined, lo: number, hi: number, v: string): Generated | null {
  if (check?.values) return fromList(check.values, v);
  const range = integerRange(check, lo, hi);
  if (!range) return null;
  const [min, max] = range;
  const span = max - min + 1;
  const cap = span > 1e15 ? Infinity : span;
  return { expr: `(${min} + ${cycle(v, cap)} - 1)`, cap };
}

function text(hint: ValueHint, maxLen: number, v: string): Generated {
  const check = hint.check;
  if (check?.values) return fromList(check.values, v);
  const limit = Math.min(maxLen, check?.maxLength ?? Infinity);
  let prefix = hint.column.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 20) || 'v';
  let suffix = '';
  if (/e_?mail/.test(prefix)) {
    prefix = 'user';
    suffix = '@example.com';
  }
  let expr: string;
  let cap: number;
  if (limit >= prefix.length + suffix.length + 1 + 12) {
    expr = `(${literal(prefix + '_')} || (${v})::text${suffix ? ` || ${literal(suffix)}` : ''})`;
    cap = Infinity;
  } else if (limit >= 1) {
    const digits = Math.min(limit, 15);
    cap = 10 ** digits - 1;
    expr = `(${cycle(v, cap)})::text`;
  } else {
    return { expr: "''", cap: 1 };
  }
  if (check?.minLength) expr = `rpad(${expr}, greatest(${check.minLength}, length(${expr})), 'x')`;
  if (hint.width !== undefined) {
    const target = Math.min(limit, characters(hint.width));
    // Generated text has no space: the value, a space, then filler derived from the value, so two padded values
    // are equal only when the values were.
    if (target > 1 && Number.isFinite(target)) expr = `rpad(${expr} || ' ', greatest(${target}, length(${expr})), md5(${expr}))`;
  }
  return { expr, cap };
}

/** Characters (ASCII: bytes) of a value whose stored width is `width`: less the 1-byte varlena header, 4 past 126. */
function characters(width: number): number {
  return Math.round(width <= 127 ? width - 1 : width - 4);
}

/** `n` characters of filler derived from `seed` (an SQL text expression); '' for n ≤ 0. */
function filler(seed: string, n: number): string {
  return n > 0 ? `rpad('', ${Math.round(n)}, md5(${seed}))` : "''";
}

export function generateValue(types: Map<number, SeedType>, typeOid: number, typmod: number, v: string, hint: ValueHint): Generated | null {
  const t = types.get(typeOid);
  if (!t) return null;
  const check = hint.check;
  if (t.kind === 'd') {
    return generateValue(types, t.base, t.baseTypmod >= 0 ? t.baseTypmod : typmod, v, hint);
  }
  if (t.kind === 'e') {
    const labels = check?.values ? t.labels.filter((l) => check.values!.includes(l)) : t.labels;
    if (!labels.length) return null;
    return fromList(labels, v);
  }
  if (t.category === 'A' && t.elem) {
    const elem = generateValue(types, t.elem, typmod, v, { ...hint, check: undefined, width: undefined });
    const elemType = types.get(t.elem);
    if (!elem || !elemType) return null;
    return { expr: `ARRAY[(${elem.expr})::${elemType.sql}]`, cap: elem.cap };
  }
  if (t.kind === 'r' && t.rangeSubtype) {
    const sub = types.get(t.rangeSubtype);
    const lo = generateValue(types, t.rangeSubtype, -1, `((${v}) * 2)`, { ...hint, check: undefined, width: undefined });
    const hi = generateValue(types, t.rangeSubtype, -1, `((${v}) * 2 + 1)`, { ...hint, check: undefined, width: undefined });
    if (!lo || !hi || !sub) return null;
    return { expr: `${t.sql}((${lo.expr})::${sub.sql}, (${hi.expr})::${sub.sql})`, cap: Math.floor(lo.cap / 2) };
  }
  const offset = hint.attnum;
  switch (t.name) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid': {
      const [lo, hi] = INT_RANGE[t.name];
      return integers(check, lo, hi, v);
    }
    case 'numeric': {
      let hi = 1e15;
      if (typmod >= 4) {
        const precision = ((typmod - 4) >> 16) & 0xffff;
        const scale = (typmod - 4) & 0xffff;
        if (precision - scale <= 0) return { expr: `((${cycle(v, 9)})::numeric / 10)`, cap: 9 };
        hi = Math.min(hi, 10 ** Math.min(precision - scale, 15) - 1);
      }
      return integers(check, -hi, hi, v);
    }
    case 'float4':
    case 'float8': {
      const ints = integers(check, -1e15, 1e15, v);
      if (ints) return ints;
      // A range narrower than one unit: fractions inside it.
      if (check?.min !== undefined && check.max !== undefined) {
        return { expr: `(${check.min} + (${check.max} - ${check.min}) * ((${cycle(v, 97)})::float8 / 98))`, cap: 97 };
      }
      return null;
    }
    case 'money':
      return { expr: `((${v})::numeric::money)`, cap: Infinity };
    case 'bool':
      return { expr: `((${v}) % 2 = 0)`, cap: 2 };
    case 'text':
    case 'citext':
      return text(hint, Infinity, v);
    case 'name':
      return text({ ...hint, width: undefined }, 63, v);
    case 'varchar':
      return text(hint, typmod >= 4 ? typmod - 4 : Infinity, v);
    case 'bpchar':
      // char(n) is blank-padded to n already.
      return text({ ...hint, width: undefined }, typmod >= 4 ? typmod - 4 : Infinity, v);
    case 'char':
      return { expr: `chr(97 + ((${v}) % 26)::int)`, cap: 26 };
    case 'uuid':
      return { expr: `md5(${literal(hint.column + ':')} || (${v})::text)::uuid`, cap: Infinity };
    case 'date':
      return { expr: `(date '2000-01-01' + ((${v}) + ${offset})::int)`, cap: 2_900_000 };
    case 'timestamp':
      return { expr: `(timestamp '2020-01-01' + (${v}) * interval '1 second' + ${offset} * interval '1 hour')`, cap: Infinity };
    case 'timestamptz':
      return { expr: `(timestamptz '2020-01-01 00:00:00+00' + (${v}) * interval '1 second' + ${offset} * interval '1 hour')`, cap: Infinity };
    case 'time':
    case 'timetz':
      return { expr: `(time '00:00' + ${cycle(v, 86399)} * interval '1 second')`, cap: 86399 };
    case 'interval':
      return { expr: `((${v}) * interval '1 second')`, cap: Infinity };
    case 'json':
    case 'jsonb': {
      // A "p" member of filler makes up the width; the rest of the object takes about 22 bytes stored as json
      // text, 32 as jsonb (measured).
      const pad = hint.width !== undefined ? characters(hint.width) - (t.name === 'json' ? 22 : 32) : 0;
      return { expr: `${t.name}_build_object('n', ${v}${pad > 0 ? `, 'p', ${filler(`(${v})::text`, pad)}` : ''})`, cap: Infinity };
    }
    case 'bytea': {
      // The first 16 bytes (an md5) tell values apart; padding only adds bytes after them.
      const bytes = hint.width !== undefined ? Math.max(16, characters(hint.width)) : 16;
      return { expr: bytes > 16 ? `decode(rpad(md5((${v})::text), ${bytes * 2}, md5((${v})::text)), 'hex')` : `decode(md5((${v})::text), 'hex')`, cap: Infinity };
    }
    case 'inet':
      return { expr: `('10.0.0.0'::inet + (${v}))`, cap: 4_000_000_000 };
    case 'cidr':
      return { expr: `set_masklen('10.0.0.0'::inet + ${cycle(v, 16_000_000)} * 256, 24)`, cap: 16_000_000 };
    case 'macaddr':
      return { expr: `lpad(to_hex(${v}), 12, '0')`, cap: Infinity };
    case 'xml':
      return { expr: `('<v>' || (${v}) || '</v>')`, cap: Infinity };
    case 'tsvector':
      return { expr: `to_tsvector('simple', 'w' || (${v}))`, cap: Infinity };
    case 'point':
      return { expr: `point(${v}, ${v})`, cap: Infinity };
    case 'ltree':
      return { expr: `('n' || (${v}))`, cap: Infinity };
    default:
      return null;
  }
}
