import { migrationFile } from '../migration-file.js';
import { digits } from '../order.js';
import { baseName, joinPath } from '../paths.js';
import { blankOutside, splitLines } from '../sections.js';
import { type Candidate, wantsDown, type LoadSet } from '../set.js';
import type { DiscoverNote } from '../types.js';
import { strayCandidate } from './plain.js';

/** Simple (`<version>_<name>.sql`) and reversible (`.up.sql` / `.down.sql`) migrations. */
export const SQLX_NAME = /^(\d+)_(.*?)(?:\.(up|down))?\.sql$/;

/** sqlx checks only the very start of the file; matched loosely, as a hand-written marker may vary in spacing. */
export const SQLX_NO_TRANSACTION = /^\s*--\s*no-transaction\b/i;

export const loadSqlx: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const m = SQLX_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, 'sqlx', '<version>_<name>.sql or .up.sql / .down.sql'));
      continue;
    }
    const isDown = m[3] === 'down';
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const path = joinPath(set.dir, rel);
    const source = await ctx.read(path);
    const first = splitLines(source)[0]!;
    const noTransaction = SQLX_NO_TRANSACTION.test(first.text);
    const notes: DiscoverNote[] = noTransaction
      ? [{ line: 1, kind: 'transaction', message: '-- no-transaction: sqlx runs this file outside a transaction' }]
      : [];
    out.push({
      key: [0n, digits(m[1]!), isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: 'sqlx',
        source,
        upSql: noTransaction ? blankOutside(source, [[first.next, source.length]]) : source,
        transaction: noTransaction ? 'none' : 'per-file',
        version: m[1]!,
        isDown,
        notes,
      }),
    });
  }
  return out;
};
