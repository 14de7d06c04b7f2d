/**
 * Postgres reports an error's `position` as a 1-based count of characters (code points, in a UTF-8 database) into
 * the query string it was sent. Reports need the file's line and UTF-16 column, which go through byte offsets.
 */
import type { LineIndex } from '../parse/positions.js';

export interface PgError {
  code?: string;
  message: string;
  position?: string;
}

export interface SentText {
  /** The text as sent, less any prefix we added (e.g. `EXPLAIN (…) `). */
  text: string;
  /** Byte offset of `text` in the file. */
  startByte: number;
  /** Characters we put before `text` in the query. */
  prefixChars?: number;
}

/** Byte offset in the file the error points at: its position, or else the start of what was sent. */
export function errorByteOffset(error: PgError, sent: SentText): number {
  const position = Number.parseInt(error.position ?? '', 10);
  if (!(position > 0)) return sent.startByte;
  const chars = position - 1 - (sent.prefixChars ?? 0);
  if (chars <= 0) return sent.startByte;
  const before = Array.from(sent.text).slice(0, chars).join('');
  return sent.startByte + Buffer.byteLength(before, 'utf8');
}

export function errorLocation(error: PgError, sent: SentText, lines: LineIndex): { line: number; column: number; byte: number } {
  const byte = errorByteOffset(error, sent);
  return { ...lines.position(byte), byte };
}

/** SQLSTATE of anything thrown by a query: a server error has one; a lost connection does not. */
export function sqlstateOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '08006';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
