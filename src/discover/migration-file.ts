import type { FormatName, TransactionMode } from '../report/types.js';
import type { DiscoverNote, MigrationFile } from './types.js';

interface FileParts {
  path: string;
  format: FormatName;
  source: string;
  transaction: TransactionMode;
  version: string;
  upSql?: string;
  downSql?: string | null;
  isDown?: boolean;
  notes?: DiscoverNote[];
  statementBlocks?: Array<[number, number]>;
}

/** Defaults: the whole file runs forward, no down part, no notes. */
export function migrationFile(parts: FileParts): MigrationFile {
  const file: MigrationFile = {
    path: parts.path,
    format: parts.format,
    source: parts.source,
    upSql: parts.upSql ?? parts.source,
    downSql: parts.downSql ?? null,
    isDown: parts.isDown ?? false,
    transaction: parts.transaction,
    version: parts.version,
    notes: parts.notes ?? [],
  };
  if (parts.statementBlocks) file.statementBlocks = parts.statementBlocks;
  return file;
}
