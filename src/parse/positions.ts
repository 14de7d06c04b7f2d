/**
 * libpg-query reports UTF-8 byte offsets; editors, GitHub and SARIF count lines and UTF-16 columns.
 * A LineIndex converts one to the other for a single source text.
 */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly bytes: Buffer;
  /** Byte offset at which each line starts. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a) this.lineStarts.push(i + 1);
  }

  get byteLength(): number {
    return this.bytes.length;
  }

  /** 1-based line and UTF-16 column of a 0-based byte offset (clamped to the text). */
  position(byteOffset: number): Position {
    const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const prefix = this.bytes.subarray(this.lineStarts[lo], offset).toString('utf8');
    return { line: lo + 1, column: prefix.length + 1 };
  }

  slice(startByte: number, endByte: number): string {
    return this.bytes.subarray(startByte, endByte).toString('utf8');
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.bytes.length : next - 1;
    return this.bytes.subarray(start, end).toString('utf8').replace(/\r$/, '');
  }
}
