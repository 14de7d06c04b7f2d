import { loadModule, scanSync } from 'libpg-query';

export interface StatementWords {
  /** 1-based line of the statement's first token. */
  line: number;
  /** The statement's bare words (keywords and unquoted identifiers), upper-cased, one space apart. */
  words: string;
}

let loading: Promise<void> | null = null;

/**
 * Statements as word sequences, from Postgres' own scanner so that comments, string literals and dollar-quoted
 * bodies never look like statements. Returns null when the scanner rejects the text (an unterminated literal):
 * the parse stage reports that file anyway.
 */
export async function scanStatementWords(sql: string): Promise<StatementWords[] | null> {
  loading ??= loadModule();
  await loading;
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return null;
  }
  const lineOfByte = byteLineIndex(sql);
  const statements: StatementWords[] = [];
  let words: string[] = [];
  let line = 0;
  for (const token of tokens) {
    if (token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT') continue;
    if (token.text === ';') {
      if (line) statements.push({ line, words: words.join(' ') });
      words = [];
      line = 0;
      continue;
    }
    if (!line) line = lineOfByte(token.start);
    if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(token.text)) words.push(token.text.toUpperCase());
  }
  if (line) statements.push({ line, words: words.join(' ') });
  return statements;
}

/** libpg-query reports UTF-8 byte offsets. */
function byteLineIndex(sql: string): (byte: number) => number {
  const bytes = new TextEncoder().encode(sql);
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) starts.push(i + 1);
  }
  return (byte) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
