/**
 * The CHECK shapes seeding can satisfy by construction, read from pg_get_constraintdef's normalised text: ranges
 * (`col > 0`, BETWEEN, which Postgres stores as `col >= a AND col <= b`), IN lists (`col = ANY (ARRAY[...])`),
 * lengths (`length(col) <= n`, `char_length`) and `col IS NOT NULL`. Anything else is left to the insert, which
 * the seeder then repairs (NULLs, or filtering rows by the constraint itself).
 */

export interface ColumnCheck {
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
  values?: string[];
  maxLength?: number;
  minLength?: number;
  notNull?: boolean;
}

export interface ParsedCheck {
  /** Per column name (or VALUE for a domain). */
  columns: Map<string, ColumnCheck>;
  /** Every conjunct was understood: generated values satisfy the constraint without trying. */
  complete: boolean;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
// (col), col, (col)::text, ((col)::text)
const COLREF = String.raw`\(*(${IDENT})\)*(?:::[A-Za-z ]+(?:\(\d+\))?(?:\[\])?)?\)*`;
const NUMBER = String.raw`\(*'?(-?\d+(?:\.\d+)?)'?\)*(?:::[A-Za-z ]+(?:\(\d+(?:,\s*\d+)?\))?)?\)*`;

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident;
}

/** Splits on AND at the top level of parentheses. */
function conjuncts(expr: string): string[] {
  let s = expr.trim();
  while (s.startsWith('(') && matchingParen(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") inString = !inString;
    if (inString) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /^\sAND\s/i.test(s.slice(i, i + 5))) {
      parts.push(s.slice(start, i).trim());
      start = i + 5;
      i += 4;
    }
  }
  parts.push(s.slice(start).trim());
  return parts.length > 1 ? parts.flatMap(conjuncts) : parts;
}

function matchingParen(s: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "'") inString = !inString;
    if (inString) continue;
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function strip(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && matchingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** `CHECK (...)` as pg_get_constraintdef prints it (NOT VALID and NO INHERIT tolerated). */
export function parseCheck(def: string): ParsedCheck {
  const body = /^CHECK\s*(\(.*\))/is.exec(def.trim())?.[1] ?? def;
  const columns = new Map<string, ColumnCheck>();
  let complete = true;
  const at = (name: string) => {
    const key = unquote(name);
    let c = columns.get(key);
    if (!c) columns.set(key, (c = {}));
    return c;
  };
  for (const raw of conjuncts(body.replace(/\s+NOT VALID$|\s+NO INHERIT$/i, ''))) {
    const part = strip(raw);
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${COLREF}\\s*(>=|<=|>|<)\\s*${NUMBER}$`).exec(part))) {
      const c = at(m[1]);
      const v = Number(m[3]);
      if (m[2].startsWith('>')) tighten(c, 'min', v, m[2] === '>=');
      else tighten(c, 'max', v, m[2] === '<=');
    } else if ((m = new RegExp(`^${NUMBER}\\s*(>=|<=|>|<)\\s*${COLREF}$`).exec(part))) {
      const c = at(m[3]);
      const v = Number(m[1]);
      if (m[2].startsWith('<')) tighten(c, 'min', v, m[2] === '<=');
      else tighten(c, 'max', v, m[2] === '>=');
    } else if ((m = new RegExp(`^${COLREF}\\s*=\\s*ANY\\s*\\((.*)\\)$`, 's').exec(part)) && /ARRAY\[/.test(m[2])) {
      const values = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replace(/''/g, "'"));
      if (values.length) at(m[1]).values = values;
      else complete = false;
    } else if ((m = new RegExp(`^${COLREF}\\s*=\\s*'((?:[^']|'')*)'(?:::[A-Za-z ."_]+)?$`).exec(part))) {
      at(m[1]).values = [m[2].replace(/''/g, "'")];
    } else if ((m = new RegExp(`^(?:length|char_length|character_length|octet_length)\\(${COLREF}\\)\\s*(>=|<=|>|<|=)\\s*${NUMBER}$`).exec(part))) {
      const c = at(m[1]);
      const v = Number(m[3]);
      if (m[2] === '<=' || m[2] === '=') c.maxLength = Math.min(c.maxLength ?? Infinity, v);
      if (m[2] === '<') c.maxLength = Math.min(c.maxLength ?? Infinity, v - 1);
      if (m[2] === '>=' || m[2] === '=') c.minLength = Math.max(c.minLength ?? 0, v);
      if (m[2] === '>') c.minLength = Math.max(c.minLength ?? 0, v + 1);
    } else if ((m = new RegExp(`^${COLREF}\\s+IS NOT NULL$`).exec(part))) {
      at(m[1]).notNull = true;
    } else if ((m = new RegExp(`^${COLREF}\\s*<>\\s*''(?:::[A-Za-z ]+)?$`).exec(part))) {
      // Generated text is never empty.
      at(m[1]);
    } else {
      complete = false;
    }
  }
  return { columns, complete };
}

function tighten(c: ColumnCheck, side: 'min' | 'max', v: number, inclusive: boolean): void {
  if (side === 'min') {
    if (c.min === undefined || v > c.min || (v === c.min && !inclusive)) {
      c.min = v;
      c.minInclusive = inclusive;
    }
  } else if (c.max === undefined || v < c.max || (v === c.max && !inclusive)) {
    c.max = v;
    c.maxInclusive = inclusive;
  }
}

export function mergeChecks(a: ColumnCheck | undefined, b: ColumnCheck | undefined): ColumnCheck | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: ColumnCheck = { ...a };
  if (b.min !== undefined) tighten(out, 'min', b.min, b.minInclusive ?? true);
  if (b.max !== undefined) tighten(out, 'max', b.max, b.maxInclusive ?? true);
  if (b.values) out.values = out.values ? out.values.filter((v) => b.values!.includes(v)) : b.values;
  if (b.maxLength !== undefined) out.maxLength = Math.min(out.maxLength ?? Infinity, b.maxLength);
  if (b.minLength !== undefined) out.minLength = Math.max(out.minLength ?? 0, b.minLength);
  out.notNull = a.notNull || b.notNull;
  return out;
}
