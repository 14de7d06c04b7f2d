import type { FormatName } from '../../report/types.js';
import { migrationFile } from '../migration-file.js';
import type { SortKey } from '../order.js';
import { joinPath } from '../paths.js';
import type { Candidate, LoadContext, LoadSet, MigrationSet } from '../set.js';
import type { DiscoverNote } from '../types.js';

/** psql runs a plain file in autocommit, statement by statement. */
export const loadPlain: LoadSet = async (set, ctx) =>
  Promise.all(set.files.map((rel) => plainCandidate(set, rel, ctx, [0n, { natural: rel }], [])));

export async function plainCandidate(
  set: MigrationSet,
  rel: string,
  ctx: LoadContext,
  key: SortKey,
  notes: DiscoverNote[],
): Promise<Candidate> {
  const path = joinPath(set.dir, rel);
  const source = await ctx.read(path);
  return {
    key,
    file: migrationFile({
      path,
      format: 'plain',
      source,
      transaction: 'none',
      version: rel,
      notes: [...notes, ...(set.fileNotes?.[rel] ?? [])],
    }),
  };
}

/**
 * A .sql file in a framework's folder that the framework would not pick up (wrong name, callback script…). It is
 * still linted, as plain SQL after the set's migrations, with a note saying why, rather than silently skipped.
 */
export function strayCandidate(
  set: MigrationSet,
  rel: string,
  ctx: LoadContext,
  framework: FormatName,
  expected: string,
): Promise<Candidate> {
  const note: DiscoverNote = {
    line: 1,
    kind: 'format',
    message: `"${rel}" does not follow the ${framework} naming (${expected}), so ${framework} does not run it as a migration; linted as plain SQL`,
  };
  return plainCandidate(set, rel, ctx, [9n, { natural: rel }], [note]);
}
