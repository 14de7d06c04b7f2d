import { migrationFile } from '../migration-file.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { type Candidate, wantsDown, type LoadSet } from '../set.js';
import type { DiscoverNote } from '../types.js';

/** A migration folder: the version (digits and dashes, e.g. `2019-02-26-002946` or `00000000000000`), `_`, a name. */
export const DIESEL_FOLDER = /^\d[\d-]*_./;

const NO_TRANSACTION = /^\s*run_in_transaction\s*=\s*false\s*(#.*)?$/m;

/** diesel runs each up.sql in a transaction unless the folder's metadata.toml turns that off. */
export const loadDiesel: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const isDown = baseName(rel) === 'down.sql';
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const folder = dirName(rel);
    const path = joinPath(set.dir, rel);
    const metadata = await ctx.readOptional(joinPath(set.dir, `${folder}/metadata.toml`));
    const noTransaction = metadata !== null && NO_TRANSACTION.test(metadata);
    const notes: DiscoverNote[] = noTransaction
      ? [{ line: 1, kind: 'transaction', message: `${folder}/metadata.toml sets run_in_transaction = false` }]
      : [];
    out.push({
      // Folder names compare as strings (diesel's own order), so `00000000000000_…` precedes `2019-…`.
      key: [0n, folder, isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: 'diesel',
        source: await ctx.read(path),
        transaction: noTransaction ? 'none' : 'per-file',
        version: baseName(folder).split('_')[0]!,
        isDown,
        notes,
      }),
    });
  }
  return out;
};
