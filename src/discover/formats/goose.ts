import { migrationFile } from '../migration-file.js';
import { digits } from '../order.js';
import { baseName, joinPath } from '../paths.js';
import { blankOutside, byteOffset, splitLines, type Range } from '../sections.js';
import type { Candidate, LoadSet } from '../set.js';
import { placeholderNotes, quotePlaceholders } from '../templates.js';
import type { DiscoverNote, MigrationFile } from '../types.js';
import { strayCandidate } from './plain.js';

const GOOSE_NAME = /^(\d+)_.*\.sql$/;

/** goose reads annotations from `--` comment lines; spelled loosely here, as hand-written files vary. */
export const GOOSE_MARKER =
  /^\s*--\s*\+goose\s+(up|down|statementbegin|statementend|no\s+transaction|envsub(?:st)?\s+on|envsub(?:st)?\s+off)\b/i;

export const loadGoose: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const m = GOOSE_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, 'goose', '<version>_<name>.sql'));
      continue;
    }
    const path = joinPath(set.dir, rel);
    const file = parseGoose(path, await ctx.read(path), m[1]!, ctx.includeDown);
    out.push({ key: [0n, digits(m[1]!)], file });
  }
  return out;
};

export function parseGoose(path: string, source: string, version: string, includeDown: boolean): MigrationFile {
  const notes: DiscoverNote[] = [];
  const up: Range[] = [];
  const down: Range[] = [];
  const blocks: Array<[number, number]> = [];
  const envsubLines = new Set<number>();
  let state: 'start' | 'up' | 'down' = 'start';
  let blockStart: { at: number; line: number } | null = null;
  let envsub = false;
  let noTransaction = false;
  let sawUp = false;
  let downFirst = 0;
  let sqlBefore = false;

  for (const line of splitLines(source)) {
    const marker = GOOSE_MARKER.exec(line.text);
    if (marker) {
      const cmd = marker[1]!.toLowerCase().replace(/\s+/g, ' ').replace('envsubst', 'envsub');
      if (cmd === 'up') {
        if (sawUp) notes.push(formatNote(line.number, 'a second `-- +goose Up` annotation: goose refuses to run this file'));
        state = 'up';
        sawUp = true;
      } else if (cmd === 'down') {
        if (state === 'start') downFirst = line.number;
        state = 'down';
      } else if (cmd === 'statementbegin') {
        blockStart = { at: line.next, line: line.number };
      } else if (cmd === 'statementend') {
        if (blockStart && state === 'up') blocks.push([blockStart.at, line.start]);
        blockStart = null;
      } else if (cmd === 'no transaction') {
        noTransaction = true;
        notes.push({ line: line.number, kind: 'transaction', message: '-- +goose NO TRANSACTION: goose runs this file outside a transaction' });
      } else {
        envsub = cmd === 'envsub on';
      }
      continue;
    }
    if (state === 'up') {
      up.push([line.start, line.end]);
      if (envsub) envsubLines.add(line.number);
    } else if (state === 'down') {
      down.push([line.start, line.end]);
    } else if (!sqlBefore && line.text.trim() !== '' && !/^\s*--/.test(line.text)) {
      sqlBefore = true;
      notes.push(formatNote(line.number, 'SQL before `-- +goose Up`: goose refuses to run this file'));
    }
  }
  if (sawUp && downFirst) {
    notes.push(formatNote(downFirst, '`-- +goose Down` before `-- +goose Up`: goose refuses to run this file'));
  }
  if (!sawUp) {
    notes.push(formatNote(1, 'no `-- +goose Up` annotation: goose refuses to run this file ("must start with \'-- +goose Up\' annotation"); nothing linted as up'));
  }
  if (blockStart) notes.push(formatNote(blockStart.line, '`-- +goose StatementBegin` without `-- +goose StatementEnd`: goose refuses to run this file'));
  notes.push(
    ...placeholderNotes(
      source,
      (names) => `goose ENVSUB replaces ${quotePlaceholders(names)} from the environment before running the statement`,
      (n) => envsubLines.has(n),
    ),
  );
  notes.sort((a, b) => a.line - b.line);

  const upSql = blankOutside(source, up);
  return migrationFile({
    path,
    format: 'goose',
    source,
    upSql,
    downSql: includeDown ? blankOutside(source, down) : null,
    transaction: noTransaction ? 'none' : 'per-file',
    version,
    notes,
    statementBlocks: blocks.map(([s, e]) => [byteOffset(upSql, s), byteOffset(upSql, e)]),
  });
}

function formatNote(line: number, message: string): DiscoverNote {
  return { line, kind: 'format', message };
}
