/**
 * `$n` parameters and top-level commas, found with PostgreSQL's own scanner (libpg-query), so strings, quoted
 * identifiers, dollar-quoted bodies and comments hide what they hold exactly as the server reads them.
 * The parser must be loaded (loadParser), as it is before queries are read or planned.
 */
import { scanSync } from 'libpg-query';

interface Token {
  text: string;
  tokenName: string;
  /** Byte offsets. */
  start: number;
  end: number;
}

/** The scanner's tokens; [] when it cannot scan the text (an unterminated quote: the parser reports it). */
function tokens(sql: string): Token[] {
  try {
    return scanSync(sql).tokens as Token[];
  } catch {
    return [];
  }
}

/** The parameter numbers a statement uses (`$1`, `$3` → [1, 3]), sorted, each once. */
export function parameterNumbers(sql: string): number[] {
  const seen = new Set(tokens(sql).filter((t) => t.tokenName === 'PARAM').map((t) => Number(t.text.slice(1))));
  return [...seen].sort((a, b) => a - b);
}

/** The highest `$n` a statement uses; 0 when it has no parameters. */
export function highestParameter(sql: string): number {
  return parameterNumbers(sql).at(-1) ?? 0;
}

/** Splits a list on commas outside strings, comments and brackets; each item with its offset, untrimmed. */
export function splitTopLevel(text: string): Array<{ text: string; start: number }> {
  const bytes = Buffer.from(text);
  const charAt = (byte: number) => bytes.subarray(0, byte).toString().length;
  const items: Array<{ text: string; start: number }> = [];
  let depth = 0;
  let start = 0;
  for (const t of tokens(text)) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
    else if (t.text === ',' && depth === 0) {
      const at = charAt(t.start);
      items.push({ text: text.slice(start, at), start });
      start = at + 1;
    }
  }
  items.push({ text: text.slice(start), start });
  return items;
}
