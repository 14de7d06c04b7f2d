import type { FormatName } from '../report/types.js';
import { setForFile } from './file-set.js';
import { setsInFolder } from './folder-sets.js';
import { loadDbmate } from './formats/dbmate.js';
import { loadDiesel } from './formats/diesel.js';
import { loadFlyway } from './formats/flyway.js';
import { loadGolangMigrate } from './formats/golang-migrate.js';
import { loadGoose } from './formats/goose.js';
import { loadPlain } from './formats/plain.js';
import { loadPrisma } from './formats/prisma.js';
import { loadSqitch } from './formats/sqitch.js';
import { loadSqlx } from './formats/sqlx.js';
import { compareKeys } from './order.js';
import { joinPath, toSlashes } from './paths.js';
import { createReader } from './reader.js';
import type { LoadContext, LoadSet, MigrationSet } from './set.js';
import type { DiscoverFs, DiscoverOptions, MigrationFile } from './types.js';

export { detectFormat, type FolderHints } from './detect.js';
export { nodeFs } from './node-fs.js';
export type { DiscoverFs, DiscoverNote, DiscoverOptions, MigrationFile } from './types.js';

const LOADERS: Record<FormatName, LoadSet> = {
  plain: loadPlain,
  flyway: loadFlyway,
  'golang-migrate': loadGolangMigrate,
  goose: loadGoose,
  dbmate: loadDbmate,
  prisma: loadPrisma,
  diesel: loadDiesel,
  sqlx: loadSqlx,
  sqitch: loadSqitch,
};

/**
 * The migrations under `paths` (files and folders), each set in the order its framework applies it, sets in the
 * order the paths were given. A file reached twice is returned once.
 */
export async function discoverMigrations(
  paths: string[],
  options: DiscoverOptions,
  fs: DiscoverFs,
): Promise<MigrationFile[]> {
  const reader = createReader(fs);
  const detected = new Map<string, Promise<FormatName>>();
  const sets = new Map<string, MigrationSet>();
  for (const given of paths) {
    const path = toSlashes(given);
    const stat = await fs.stat(path);
    if (!stat) {
      throw new Error(`migration path "${given}" does not exist; expected a migration file or a folder of migrations`);
    }
    const found = stat.isDirectory
      ? await setsInFolder(path, fs, options, reader)
      : [await setForFile(path, fs, options, reader, detected)];
    for (const set of found) mergeSet(sets, set);
  }

  // Loaders read one file after another; start every read now so the disk works while they parse.
  for (const set of sets.values()) {
    for (const rel of set.files) if (rel.endsWith('.sql')) reader.read(joinPath(set.dir, rel)).catch(() => undefined);
  }
  const ctx: LoadContext = { includeDown: options.includeDown ?? false, ...reader };
  const seen = new Set<string>();
  const out: MigrationFile[] = [];
  for (const set of sets.values()) {
    const candidates = await LOADERS[set.format](set, ctx);
    candidates.sort((a, b) => compareKeys(a.key, b.key) || compareKeys([a.file.path], [b.file.path]));
    for (const { file } of candidates) {
      const id = `${file.path}\0${file.isDown}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(file);
    }
  }
  return out;
}

function mergeSet(sets: Map<string, MigrationSet>, set: MigrationSet): void {
  const key = `${set.format}\0${set.dir}`;
  const existing = sets.get(key);
  if (!existing) {
    sets.set(key, { ...set, files: [...set.files] });
    return;
  }
  for (const rel of set.files) if (!existing.files.includes(rel)) existing.files.push(rel);
  if (set.explicit) existing.explicit = [...(existing.explicit ?? []), ...set.explicit];
  if (set.fileNotes) existing.fileNotes = { ...existing.fileNotes, ...set.fileNotes };
}
