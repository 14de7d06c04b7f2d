/**
 * Just enough of PostgreSQL's lexical rules to find `$n` parameters and top-level commas: string constants
 * ('…', E'…' with backslash escapes), quoted identifiers, dollar-quoted bodies and comments hide what they hold.
 * Pure and synchronous, so the run can use it without the parser having been loaded.
 */

/** Letters, digits, `_`, `$` and anything non-ASCII continue an identifier or a number (`a$1` is one identifier). */
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** If a string, quoted identifier, dollar-quoted body or comment starts at `i`, the index just past it; else null. */
function skipQuoted(text: string, i: number): number | null {
  const c = text[i];
  const next = text[i + 1];
  if (c === '-' && next === '-') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (c === '/' && next === '*') {
    let depth = 1;
    let j = i + 2;
    while (j < text.length && depth > 0) {
      if (text.startsWith('/*', j)) {
        depth++;
        j += 2;
      } else if (text.startsWith('*/', j)) {
        depth--;
        j += 2;
      } else j++;
    }
    return j;
  }
  if (c === "'" || c === '"') {
    const escapes = c === "'" && (text[i - 1] === 'E' || text[i - 1] === 'e') && !isWordChar(text[i - 2]);
    let j = i + 1;
    while (j < text.length) {
      if (escapes && text[j] === '\\') j += 2;
      else if (text[j] === c && text[j + 1] === c) j += 2;
      else if (text[j] === c) return j + 1;
      else j++;
    }
    return j;
  }
  if (c === '$') {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(text)?.[0];
    if (!tag) return null;
    const end = text.indexOf(tag, i + tag.length);
    return end < 0 ? text.length : end + tag.length;
  }
  return null;
}

interface Visit {
  /** A `$n` parameter. */
  param?(n: number, at: number): void;
  /** Any other character outside strings and comments. */
  char?(c: string, at: number): void;
}

function scan(text: string, visit: Visit): void {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isWordChar(c) && c !== '$') {
      // A whole word at once: a `$` inside it belongs to the identifier, a quote right after `E` to the string.
      while (isWordChar(text[i])) i++;
      continue;
    }
    if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(text[j] ?? '')) j++;
      visit.param?.(Number(text.slice(i + 1, j)), i);
      i = j;
      continue;
    }
    const skipped = skipQuoted(text, i);
    if (skipped !== null) {
      i = skipped;
      continue;
    }
    visit.char?.(c, i);
    i++;
  }
}

/** The parameter numbers a statement uses (`$1`, `$3` → [1, 3]), sorted, each once. */
export function parameterNumbers(sql: string): number[] {
  const seen = new Set<number>();
  scan(sql, { param: (n) => seen.add(n) });
  return [...seen].sort((a, b) => a - b);
}

/** The highest `$n` a statement uses; 0 when it has no parameters. */
export function highestParameter(sql: string): number {
  return parameterNumbers(sql).at(-1) ?? 0;
}

/** Splits a list on commas outside strings, comments and brackets; each item with its offset, untrimmed. */
export function splitTopLevel(text: string): Array<{ text: string; start: number }> {
  const items: Array<{ text: string; start: number }> = [];
  let depth = 0;
  let start = 0;
  scan(text, {
    char: (c, at) => {
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
      else if (c === ',' && depth === 0) {
        items.push({ text: text.slice(start, at), start });
        start = at + 1;
      }
    },
  });
  items.push({ text: text.slice(start), start });
  return items;
}
