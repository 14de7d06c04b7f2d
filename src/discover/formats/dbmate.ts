import { migrationFile } from '../migration-file.js';
import { baseName, joinPath } from '../paths.js';
import { blankOutside, splitLines, type Range } from '../sections.js';
import type { Candidate, LoadSet } from '../set.js';
import type { DiscoverNote, MigrationFile } from '../types.js';
import { strayCandidate } from './plain.js';

const DBMATE_NAME = /^(\d+).*\.sql$/;

/** `-- migrate:up [option:value …]`; dbmate's own regex, made case-insensitive. */
export const DBMATE_MARKER = /^\s*--\s*migrate:(up|down)(?=\s|$)(.*)$/i;

export const loadDbmate: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const name = baseName(rel);
    const m = DBMATE_NAME.exec(name);
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, 'dbmate', '<version>_<name>.sql'));
      continue;
    }
    const path = joinPath(set.dir, rel);
    // dbmate sorts by file name (Go string order), not by numeric version.
    out.push({ key: [0n, name], file: parseDbmate(path, await ctx.read(path), m[1]!, ctx.includeDown) });
  }
  return out;
};

export function parseDbmate(path: string, source: string, version: string, includeDown: boolean): MigrationFile {
  const notes: DiscoverNote[] = [];
  const up: Range[] = [];
  const down: Range[] = [];
  let state: 'start' | 'up' | 'down' = 'start';
  let transactionOff = false;
  let sawUp = false;
  let downFirst = 0;
  let sqlBefore = false;
  for (const line of splitLines(source)) {
    const marker = DBMATE_MARKER.exec(line.text);
    if (marker) {
      const direction = marker[1]!.toLowerCase() as 'up' | 'down';
      if (direction === 'down' && state === 'start') downFirst = line.number;
      if (direction === 'up' && /(^|\s)transaction:false(\s|$)/i.test(marker[2]!)) {
        transactionOff = true;
        notes.push({ line: line.number, kind: 'transaction', message: 'transaction:false: dbmate runs the up block outside a transaction' });
      }
      if (direction === 'up') sawUp = true;
      state = direction;
      continue;
    }
    if (state === 'up') up.push([line.start, line.end]);
    else if (state === 'down') down.push([line.start, line.end]);
    else if (!sqlBefore && line.text.trim() !== '' && !/^\s*--/.test(line.text)) {
      sqlBefore = true;
      notes.push(formatNote(line.number, 'SQL before `-- migrate:up`: dbmate refuses to run this file'));
    }
  }
  if (sawUp && downFirst) {
    notes.push(formatNote(downFirst, '`-- migrate:down` before `-- migrate:up`: dbmate refuses to run this file'));
  }
  if (!sawUp) {
    notes.push(formatNote(1, 'no `-- migrate:up` block: dbmate refuses to run this file; nothing linted as up'));
  }
  return migrationFile({
    path,
    format: 'dbmate',
    source,
    upSql: blankOutside(source, up),
    downSql: includeDown ? blankOutside(source, down) : null,
    transaction: transactionOff ? 'none' : 'per-file',
    version,
    notes,
  });
}

function formatNote(line: number, message: string): DiscoverNote {
  return { line, kind: 'format', message };
}
