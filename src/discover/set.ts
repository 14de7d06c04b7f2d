import type { FormatName } from '../report/types.js';
import type { SortKey } from './order.js';
import type { DiscoverNote, MigrationFile } from './types.js';

/** Files of one framework that the framework orders together (one migrations folder, one sqitch plan). */
export interface MigrationSet {
  format: FormatName;
  /** The set's folder: the caller's path joined with the walked part, forward slashes. */
  dir: string;
  /** Paths relative to `dir`, forward slashes. */
  files: string[];
  /** Notes to attach to particular files (keyed by their `files` entry), decided while grouping. */
  fileNotes?: Record<string, DiscoverNote[]>;
  /** Files the caller named one by one: returned even when they are down files. */
  explicit?: string[];
}

export interface Candidate {
  file: MigrationFile;
  key: SortKey;
}

/** What a format loader may touch: reads are cached and relative to nothing (full paths). */
export interface LoadContext {
  includeDown: boolean;
  read(path: string): Promise<string>;
  /** Contents, or null when the file does not exist. */
  readOptional(path: string): Promise<string | null>;
}

export type LoadSet = (set: MigrationSet, ctx: LoadContext) => Promise<Candidate[]>;

/** Down files are left out unless asked for, or named explicitly (an explicitly given file is never dropped). */
export function wantsDown(set: MigrationSet, rel: string, ctx: LoadContext): boolean {
  return ctx.includeDown || (set.explicit?.includes(rel) ?? false);
}
