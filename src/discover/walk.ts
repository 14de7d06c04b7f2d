import { joinPath } from './paths.js';
import type { DiscoverFs } from './types.js';

/** Dependencies and VCS data never hold a project's migrations; dot-folders are tool caches and config. */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * Every file under `root`, as paths relative to it with forward slashes, in a stable order (names compared by
 * code unit, folder by folder) so that results do not depend on the file system's listing order.
 */
export async function walkFiles(fs: DiscoverFs, root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await fs.readDir(rel === '' ? root : joinPath(root, rel));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (!entry.isDirectory) out.push(child);
      else if (!skipFolder(entry.name)) await visit(child);
    }
  };
  await visit('');
  return out;
}
