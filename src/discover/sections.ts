/** [start, end) character ranges of a source text. */
export type Range = readonly [number, number];

export interface Line {
  /** 1-based. */
  number: number;
  /** Text without its line break. */
  text: string;
  start: number;
  /** Offset just past the text (where the line break, if any, begins). */
  end: number;
  /** Offset of the next line's first character. */
  next: number;
}

export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let number = 1;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    lines.push({ number: number++, text: source.slice(start, m.index), start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  lines.push({ number, text: source.slice(start), start, end: source.length, next: source.length });
  return lines;
}

/**
 * Replace every character outside `keep` by a space, line breaks excepted, so that any line/column found in the
 * result is the same line/column in the file (columns count UTF-16 units, so one space per code unit is exact).
 */
export function blankOutside(source: string, keep: readonly Range[]): string {
  const sorted = [...keep].sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [start, end] of sorted) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    out += blank(source.slice(pos, from)) + source.slice(from, end);
    pos = end;
  }
  return out + blank(source.slice(pos));
}

function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/** UTF-8 byte offset of a character offset, the unit libpg-query reports locations in. */
export function byteOffset(text: string, index: number): number {
  return new TextEncoder().encode(text.slice(0, index)).length;
}
