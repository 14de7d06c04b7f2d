import { splitLines } from './sections.js';
import type { DiscoverNote } from './types.js';

/** One `template` note per line holding `${name}` placeholders, saying who substitutes them. */
export function placeholderNotes(
  text: string,
  describe: (names: string[]) => string,
  inLine: (line: number) => boolean = () => true,
): DiscoverNote[] {
  const notes: DiscoverNote[] = [];
  for (const line of splitLines(text)) {
    if (!inLine(line.number)) continue;
    const names = [...line.text.matchAll(/\$\{([^}\r\n]*)\}/g)].map((m) => m[1]!);
    if (names.length) notes.push({ line: line.number, kind: 'template', message: describe(names) });
  }
  return notes;
}

export function quotePlaceholders(names: string[]): string {
  return names.map((n) => '${' + n + '}').join(', ');
}
