import { loadModule, parseSync, scanSync } from 'libpg-query';
import type { Node, RawStmt, ScanToken } from 'libpg-query';
import type { Span } from '../report/types.js';
import { LineIndex } from './positions.js';
import { findPlaceholders, substitutePlaceholders, type Placeholder } from './templates.js';
import { readGap, trimEnd, type ByteRange } from './gaps.js';

/** A top-level statement with its position in the file. */
export interface ParsedStatement extends Span {
  index: number;
  /** libpg-query node type, e.g. `AlterTableStmt`. */
  kind: string;
  /** The statement's node (the value under `kind`). */
  node: any;
  /** The wrapper `{ [kind]: node }`, as libpg-query's walkers expect. */
  stmt: Node;
  startByte: number;
  endByte: number;
  sql: string;
  /** Comments between the previous statement and this one (e.g. migrascope-ignore directives). */
  leadingComments: SqlComment[];
}

export interface SqlComment extends Span {
  text: string;
  startByte: number;
}

export interface SyntaxError extends Span {
  message: string;
  /** The text of the chunk that failed, for context. */
  sql: string;
}

export interface ParsedSql {
  statements: ParsedStatement[];
  syntaxErrors: SyntaxError[];
  /** Every comment in the file, in order. */
  comments: SqlComment[];
  placeholders: Placeholder[];
  lines: LineIndex;
}

export interface ParseOptions {
  /** Replace `${x}` / `{{ x }}` placeholders before parsing (Flyway, goose ENVSUB). */
  substituteTemplates?: boolean;
}

let loaded: Promise<void> | null = null;

/** libpg-query's WebAssembly module must be loaded once before the synchronous API can be used. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * Parse a migration's SQL. One bad statement never hides the rest: when the whole text does not parse, it is
 * split on top-level statement boundaries with Postgres' own scanner and each piece is parsed on its own.
 * Requires `await loadParser()` first.
 */
export function parseSql(source: string, options: ParseOptions = {}): ParsedSql {
  const lines = new LineIndex(source);
  let placeholders: Placeholder[] = [];
  let sql = source;
  if (options.substituteTemplates) {
    placeholders = findPlaceholders(source);
    sql = substitutePlaceholders(source);
  }
  const bytes = Buffer.from(sql, 'utf8');
  const toComment = (r: ByteRange): SqlComment => ({ text: lines.slice(r.start, r.end), startByte: r.start, ...spanOf(lines, r.start, r.end) });
  const onlyComments = readGap(bytes, 0, bytes.length);
  if (onlyComments.codeStart >= bytes.length) {
    return { statements: [], syntaxErrors: [], comments: onlyComments.comments.map(toComment), placeholders, lines };
  }

  // Each parsed statement with the range of text it was parsed from (stmt_len 0 means "to the end") and where
  // the comment-only gap before it begins.
  const raw: Array<{ r: RawStmt; start: number; end: number; gapFrom: number | null }> = [];
  const syntaxErrors: SyntaxError[] = [];
  const whole = tryParse(sql);
  if (whole.ok) {
    raw.push(...whole.stmts.map((r) => ({ r, start: 0, end: bytes.length, gapFrom: null })));
  } else if (!options.substituteTemplates && findPlaceholders(sql).length > 0) {
    // Templating is the likeliest cause; lint the file with placeholders replaced.
    return parseSql(source, { ...options, substituteTemplates: true });
  } else {
    let previousRangeEnd = 0;
    for (const [start, end] of splitStatements(sql, codeTokensOf(sql))) {
      const gapFrom = previousRangeEnd;
      previousRangeEnd = end;
      // Pad with spaces so the parser's byte offsets are the file's.
      const piece = ' '.repeat(start) + bytes.subarray(start, end).toString('utf8');
      const result = tryParse(piece);
      if (result.ok) raw.push(...result.stmts.map((r, i) => ({ r, start, end, gapFrom: i === 0 ? gapFrom : null })));
      else {
        const at = Math.min(Math.max(result.cursor ?? start, start), end);
        const pos = lines.position(at);
        const endPos = lines.position(end);
        syntaxErrors.push({
          message: result.message,
          line: pos.line,
          column: pos.column,
          endLine: endPos.line,
          endColumn: endPos.column,
          sql: lines.slice(start, end).trim(),
        });
      }
    }
  }

  const statements: ParsedStatement[] = [];
  const comments: SqlComment[] = [];
  let previousEnd = 0;
  for (const { r, start, end, gapFrom } of raw) {
    if (!r.stmt) continue;
    // A piece parsed on its own may report location 0 (its padding): it starts no earlier than the piece.
    const location = Math.max(r.stmt_location ?? 0, start);
    const limit = r.stmt_len ? (r.stmt_location ?? 0) + r.stmt_len : end;
    // What lies between the previous statement and this one is whitespace, semicolons and comments.
    const gap = readGap(bytes, gapFrom ?? previousEnd, location);
    const head = readGap(bytes, location, limit);
    const leading = [...gap.comments, ...head.comments].map(toComment);
    comments.push(...leading);
    const startByte = head.codeStart;
    const endByte = statementEnd(bytes, startByte, limit);
    if (endByte <= startByte) continue;
    const kind = Object.keys(r.stmt)[0];
    statements.push({
      index: statements.length,
      kind,
      node: (r.stmt as Record<string, unknown>)[kind],
      stmt: r.stmt,
      startByte,
      endByte,
      sql: lines.slice(startByte, endByte),
      leadingComments: leading,
      ...spanOf(lines, startByte, endByte),
    });
    previousEnd = endByte;
  }
  comments.push(...readGap(bytes, previousEnd, bytes.length).comments.map(toComment));
  return { statements, syntaxErrors, comments, placeholders, lines };
}

/**
 * Where a statement's code ends: right before its semicolon, less whitespace. Only when the last line may end
 * in a comment (the last statement of a file without a semicolon, or a comment before the semicolon) ask the
 * scanner; a comment that ends the region must start on its last line or end with the region.
 */
function statementEnd(bytes: Buffer, start: number, limit: number): number {
  const end = trimEnd(bytes, start, limit);
  const lastLine = bytes.subarray(Math.max(start, bytes.lastIndexOf(0x0a, end - 1) + 1), end);
  const endsInBlock = end - start >= 2 && bytes[end - 1] === 0x2f && bytes[end - 2] === 0x2a;
  if (!endsInBlock && !lastLine.includes('--')) return end;
  const tokens = codeTokensOf(bytes.subarray(start, end).toString('utf8'));
  return tokens.length ? start + tokens[tokens.length - 1].end : end;
}

function codeTokensOf(sql: string): ScanToken[] {
  return safeScan(sql).filter((t) => !COMMENT_TOKENS.has(t.tokenName));
}

export function spanOf(lines: LineIndex, startByte: number, endByte: number): Span {
  const start = lines.position(startByte);
  const end = lines.position(endByte);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

type ParseAttempt = { ok: true; stmts: RawStmt[] } | { ok: false; message: string; cursor: number | null };

function tryParse(sql: string): ParseAttempt {
  try {
    return { ok: true, stmts: parseSync(sql).stmts ?? [] };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, cursor: typeof details?.cursorPosition === 'number' ? details.cursorPosition : null };
  }
}

function safeScan(sql: string): ScanToken[] {
  try {
    return scanSync(sql).tokens;
  } catch {
    // The scanner fails on unterminated quotes; the parser then reports the exact position.
    return [];
  }
}

/**
 * Top-level statements as [startByte, endByte) ranges (each with its semicolon, so errors read as Postgres
 * reports them for the whole file): split at semicolons outside parentheses and outside
 * SQL-standard function bodies (`BEGIN ATOMIC … END`), which hold semicolons of their own.
 */
export function splitStatements(sql: string, codeTokens: ScanToken[]): Array<[number, number]> {
  const total = Buffer.byteLength(sql);
  if (codeTokens.length === 0) return [[0, total]];
  const ranges: Array<[number, number]> = [];
  let start = -1;
  let parens = 0;
  let atomicDepth = 0;
  let previous = '';
  for (const t of codeTokens) {
    const word = t.text.toLowerCase();
    if (start < 0) start = t.start;
    if (t.text === '(') parens++;
    else if (t.text === ')') parens = Math.max(0, parens - 1);
    else if (word === 'atomic' && previous === 'begin') atomicDepth = 1;
    else if (atomicDepth > 0 && word === 'case') atomicDepth++;
    else if (atomicDepth > 0 && word === 'end') atomicDepth--;
    else if (t.text === ';' && parens === 0 && atomicDepth === 0) {
      ranges.push([start, t.end]);
      start = -1;
    }
    previous = word;
  }
  if (start >= 0) ranges.push([start, total]);
  return ranges;
}
