import { detectFormat } from './detect.js';
import { DIESEL_FOLDER } from './formats/diesel.js';
import { LAYOUT_FORMATS, notInLayoutNote, PRISMA_FOLDER, SQITCH_SCRIPT_FOLDERS } from './layout.js';
import { findManifest } from './manifest.js';
import { baseName, dirName, joinPath, normalizePath } from './paths.js';
import type { LoadContext, MigrationSet } from './set.js';
import type { DiscoverFs, DiscoverOptions } from './types.js';

/** How deep a sqitch change name may nest folders (`deploy/schema/table.sql`). */
const SQITCH_MAX_DEPTH = 4;

/**
 * The set an explicitly given file belongs to, worked out from its surroundings the same way a folder walk
 * would (so a file given both ways lands in the same set), holding just that file.
 */
export async function setForFile(
  given: string,
  fs: DiscoverFs,
  options: DiscoverOptions,
  reader: Pick<LoadContext, 'read'>,
  /** Format detected per folder during this discovery: a PR's file list names many files of one folder. */
  detected: Map<string, Promise<MigrationSet['format']>> = new Map(),
): Promise<MigrationSet> {
  const path = normalizePath(given);
  const name = baseName(path);
  const folder = dirName(path);
  const parent = dirName(folder);
  const forced = options.format;
  const one = (format: MigrationSet['format'], dir: string, rel: string): MigrationSet => ({
    format,
    dir,
    files: [rel],
    explicit: [rel],
  });

  if (!forced || forced === 'sqitch') {
    let dir = folder;
    let rel = name;
    for (let depth = 0; depth < SQITCH_MAX_DEPTH && dir !== '.' && dir !== '/'; depth++) {
      const project = dirName(dir);
      rel = `${baseName(dir)}/${rel}`;
      if (SQITCH_SCRIPT_FOLDERS.has(baseName(dir)) && (await fs.stat(joinPath(project, 'sqitch.plan')))) {
        return one('sqitch', project, rel);
      }
      dir = project;
    }
  }
  if (folder !== '.' && name === 'migration.sql' && (!forced || forced === 'prisma')) {
    if (forced || PRISMA_FOLDER.test(baseName(folder)) || (await fs.stat(joinPath(parent, 'migration_lock.toml')))) {
      return one('prisma', parent, `${baseName(folder)}/${name}`);
    }
  }
  if (folder !== '.' && (name === 'up.sql' || name === 'down.sql') && (!forced || forced === 'diesel')) {
    if (forced || DIESEL_FOLDER.test(baseName(folder))) return one('diesel', parent, `${baseName(folder)}/${name}`);
  }

  if (forced && LAYOUT_FORMATS.has(forced)) {
    return { ...one('plain', folder, name), fileNotes: { [name]: [notInLayoutNote(forced, name)] } };
  }
  if (forced) return one(forced, folder, name);
  if (!name.endsWith('.sql')) {
    return {
      ...one('plain', folder, name),
      fileNotes: { [name]: [{ line: 1, kind: 'format', message: 'format could not be determined; linted as plain SQL' }] },
    };
  }
  let format = detected.get(folder);
  if (!format) {
    format = (async () => {
      const siblings = (await fs.readDir(folder)).filter((e) => !e.isDirectory && e.name.endsWith('.sql')).map((e) => e.name);
      if (!siblings.includes(name)) siblings.push(name);
      return detectFormat(
        await Promise.all(siblings.map(async (n) => ({ name: n, source: await reader.read(joinPath(folder, n)) }))),
        { folderName: baseName(folder), manifest: await findManifest(fs, folder) },
      );
    })();
    detected.set(folder, format);
  }
  return one(await format, folder, name);
}
