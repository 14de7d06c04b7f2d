import type { FormatName } from '../report/types.js';

/** Formats recognised by folder layout rather than by the files of one folder. */
export const LAYOUT_FORMATS: ReadonlySet<FormatName> = new Set(['prisma', 'diesel', 'sqitch']);

/** Prisma names migration folders `<yyyymmddhhmmss>_<name>`. */
export const PRISMA_FOLDER = /^\d{14}_./;

export const SQITCH_SCRIPT_FOLDERS: ReadonlySet<string> = new Set(['deploy', 'revert', 'verify']);

export function notInLayoutNote(format: FormatName, rel: string) {
  return {
    line: 1,
    kind: 'format' as const,
    message: `"${rel}" is not laid out as a ${format} migration, although ${format} was requested; linted as plain SQL`,
  };
}
