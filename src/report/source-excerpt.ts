import { showControlChars } from './control-chars.js';
import { hasPosition } from './location.js';
import type { Span } from './types.js';

export interface SourceExcerpt {
  lineNumber: number;
  /** The line as shown: controls made visible, long lines cut to a window around the span. */
  text: string;
  /** Blanks (tabs where the line has tabs, so the marker lines up) then `^~~~` under the span. */
  marker: string;
}

const MAX_WIDTH = 120;
const CONTEXT_BEFORE = 20;
const ELLIPSIS = '…';

/** 1-based line `line` of `source` without its line terminator, or null past the end. */
export function sourceLine(source: string, line: number): string | null {
  const lines = source.split(/\r\n|\r|\n/);
  return line >= 1 && line <= lines.length ? lines[line - 1]! : null;
}

/** Index into `codePoints` of the code point that starts at UTF-16 offset `units` (clamped to the end). */
function codePointIndex(codePoints: readonly string[], units: number): number {
  let offset = 0;
  for (let i = 0; i < codePoints.length; i++) {
    if (offset >= units) return i;
    offset += codePoints[i]!.length;
  }
  return codePoints.length;
}

/**
 * The first line of `span` with a marker under it. Columns are UTF-16 units (as in findings); the marker counts code
 * points, which lines up in a terminal except for double-width characters (CJK, emoji) before the span.
 * A span running over several lines is marked to the end of its first line.
 */
export function excerpt(source: string, span: Span): SourceExcerpt | null {
  if (!hasPosition(span)) return null;
  const line = sourceLine(source, span.line);
  if (line === null) return null;
  const codePoints = Array.from(line);
  const start = codePointIndex(codePoints, span.column - 1);
  const rawEnd = span.endLine === span.line ? codePointIndex(codePoints, span.endColumn - 1) : codePoints.length;
  const end = Math.max(rawEnd, start + 1);

  let from = 0;
  let to = codePoints.length;
  if (codePoints.length > MAX_WIDTH) {
    from = Math.max(0, Math.min(start - CONTEXT_BEFORE, codePoints.length - MAX_WIDTH));
    to = from + MAX_WIDTH;
  }
  const lead = from > 0 ? ELLIPSIS : '';
  const text = lead + showControlChars(codePoints.slice(from, to).join('')) + (to < codePoints.length ? ELLIPSIS : '');
  const padding = (lead ? ' ' : '') + codePoints.slice(from, start).map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const width = Math.max(1, Math.min(end, Math.max(to, start + 1)) - start);
  return { lineNumber: span.line, text, marker: padding + '^' + '~'.repeat(width - 1) };
}
