import type { FormatName, TransactionMode } from '../report/types.js';

/** One migration as the framework would run it forward. */
export interface MigrationFile {
  /** Path as given/relative to the working directory, with forward slashes; used in reports. */
  path: string;
  format: FormatName;
  /** The whole file as read. */
  source: string;
  /**
   * The part that runs forward, at the same line/column positions as in `source`: every character outside
   * the up section (down sections, framework markers) is replaced by a space, newlines kept, so positions
   * found in `upSql` are positions in the file.
   */
  upSql: string;
  /** Down part (same blanking convention), or null when the format has none / it is a separate file. */
  downSql: string | null;
  /** True for golang-migrate/sqlx `.down.sql`, diesel `down.sql`, sqitch `revert/`: never linted as forward. */
  isDown: boolean;
  transaction: TransactionMode;
  /** Sort key within its migration set; files are returned already sorted. */
  version: string;
  /** Notes about how the file was understood (e.g. "format could not be determined; linted as plain SQL"). */
  notes: DiscoverNote[];
  /**
   * goose `StatementBegin/End` blocks: [startByte, endByte) ranges of upSql that the framework sends as one
   * statement. Informational; the parser splits on real statement boundaries anyway.
   */
  statementBlocks?: Array<[number, number]>;
}

export interface DiscoverNote {
  /** 1-based line in the file the note is about (1 when it is about the whole file). */
  line: number;
  message: string;
  /** `template` when the file holds non-SQL templating; `format` for detection notes; `order` for ordering. */
  kind: 'format' | 'template' | 'order' | 'transaction';
}

export interface DiscoverOptions {
  /** Force a format instead of auto-detecting. */
  format?: FormatName;
  /** Also return down files/sections (isDown: true); default false. */
  includeDown?: boolean;
}

/** The only file-system access discovery needs; injected so tests and the action can supply their own. */
export interface DiscoverFs {
  readFile(path: string): Promise<string>;
  /** Entries of a directory, names only. */
  readDir(path: string): Promise<Array<{ name: string; isDirectory: boolean }>>;
  stat(path: string): Promise<{ isDirectory: boolean; isFile: boolean } | null>;
}
