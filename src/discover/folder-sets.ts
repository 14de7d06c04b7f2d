import type { FormatName } from '../report/types.js';
import { detectFormat } from './detect.js';
import { DIESEL_FOLDER } from './formats/diesel.js';
import { LAYOUT_FORMATS, notInLayoutNote, PRISMA_FOLDER } from './layout.js';
import { findManifest } from './manifest.js';
import { baseName, dirName, joinPath } from './paths.js';
import type { LoadContext, MigrationSet } from './set.js';
import type { DiscoverFs, DiscoverNote, DiscoverOptions } from './types.js';
import { walkFiles } from './walk.js';

/**
 * The migration sets under a folder: sqitch projects (a sqitch.plan with deploy/ and revert/ beside it), Prisma
 * and diesel migrations folders (one sub-folder per migration), and every other folder of .sql files, whose
 * framework is detected from its files. Sets come in the order of their first file in the walk.
 */
export async function setsInFolder(
  root: string,
  fs: DiscoverFs,
  options: DiscoverOptions,
  reader: Pick<LoadContext, 'read'>,
): Promise<MigrationSet[]> {
  const all = await walkFiles(fs, root);
  const present = new Set(all);
  const position = new Map(all.map((f, i) => [f, i]));
  const forced = options.format;
  const allows = (format: FormatName) => forced === undefined || forced === format;
  const sets = new Map<string, MigrationSet & { first: number }>();
  const add = (format: FormatName, dir: string, file: string, note?: DiscoverNote) => {
    const key = `${format}\0${dir}`;
    let set = sets.get(key);
    if (!set) {
      set = { format, dir: joinPath(root, dir), files: [], first: position.get(file) ?? 0 };
      sets.set(key, set);
    }
    const rel = dir === '.' ? file : file.slice(dir.length + 1);
    set.files.push(rel);
    if (note) (set.fileNotes ??= {})[rel] = [note];
  };

  const sql = all.filter((f) => f.endsWith('.sql'));
  const claimed = new Set<string>();

  if (allows('sqitch')) {
    const planDirs = all.filter((f) => baseName(f) === 'sqitch.plan').map(dirName);
    if (forced === 'sqitch' && planDirs.length === 0) planDirs.push('.');
    for (const file of sql) {
      const planDir = planDirs.find((d) => d === '.' || file.startsWith(`${d}/`));
      if (planDir === undefined) continue;
      const rel = planDir === '.' ? file : file.slice(planDir.length + 1);
      const folder = rel.split('/')[0]!;
      if (folder === 'deploy' || folder === 'revert') add('sqitch', planDir, file);
      // verify scripts check a deploy; they are not migrations.
      if (folder === 'deploy' || folder === 'revert' || folder === 'verify') claimed.add(file);
    }
  }
  for (const file of sql) {
    if (claimed.has(file)) continue;
    const folder = dirName(file);
    if (folder === '.') continue;
    const parent = dirName(folder);
    const name = baseName(file);
    if (allows('prisma') && name === 'migration.sql') {
      if (forced || PRISMA_FOLDER.test(baseName(folder)) || present.has(joinPath(parent, 'migration_lock.toml'))) {
        add('prisma', parent, file);
        claimed.add(file);
      }
    } else if (allows('diesel') && (name === 'up.sql' || name === 'down.sql')) {
      if (forced || DIESEL_FOLDER.test(baseName(folder))) {
        add('diesel', parent, file);
        claimed.add(file);
      }
    }
  }

  const flat = new Map<string, string[]>();
  for (const file of sql) {
    if (claimed.has(file)) continue;
    const folder = dirName(file);
    flat.set(folder, [...(flat.get(folder) ?? []), file]);
  }
  for (const [folder, files] of flat) {
    if (forced && LAYOUT_FORMATS.has(forced)) {
      for (const file of files) add('plain', folder, file, notInLayoutNote(forced, file));
      continue;
    }
    const format =
      forced ??
      detectFormat(
        await Promise.all(files.map(async (f) => ({ name: baseName(f), source: await reader.read(joinPath(root, f)) }))),
        {
          folderName: baseName(joinPath(root, folder)),
          manifest: await findManifest(fs, joinPath(root, folder)),
        },
      );
    for (const file of files) add(format, folder, file);
  }

  return [...sets.values()].sort((a, b) => a.first - b.first).map(({ first: _first, ...set }) => set);
}
