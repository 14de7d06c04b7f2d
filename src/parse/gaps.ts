/**
 * The text between statements holds only whitespace, semicolons and comments. Reading it directly is much
 * cheaper than running Postgres' scanner over the whole file (which built a token list for every byte), and
 * it is all the parser's output leaves us to find: where each statement's code starts and the comments
 * (ignore directives) before it.
 */
export interface ByteRange {
  start: number;
  end: number;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0x3b /* ; */]);

/** Comments in bytes[from, to) where that range is known to hold no code; returns them and the first code byte. */
export function readGap(bytes: Uint8Array, from: number, to: number): { comments: ByteRange[]; codeStart: number } {
  const comments: ByteRange[] = [];
  let i = from;
  while (i < to) {
    const c = bytes[i];
    if (SPACE.has(c)) {
      i++;
    } else if (c === 0x2d && bytes[i + 1] === 0x2d) {
      const start = i;
      while (i < to && bytes[i] !== 0x0a) i++;
      let end = i;
      if (bytes[end - 1] === 0x0d) end--;
      comments.push({ start, end });
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      // Postgres block comments nest.
      const start = i;
      let depth = 0;
      while (i < to) {
        if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) {
          depth++;
          i += 2;
        } else if (bytes[i] === 0x2a && bytes[i + 1] === 0x2f) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      comments.push({ start, end: Math.min(i, to) });
    } else {
      break;
    }
  }
  return { comments, codeStart: i };
}

/** End of the code in bytes[from, to), without trailing whitespace; comments are handled by the caller. */
export function trimEnd(bytes: Uint8Array, from: number, to: number): number {
  let end = to;
  while (end > from && SPACE.has(bytes[end - 1]) && bytes[end - 1] !== 0x3b) end--;
  return end;
}
