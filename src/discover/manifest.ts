import type { FolderHints } from './detect.js';
import { joinPath } from './paths.js';
import type { DiscoverFs } from './types.js';

/** Far enough for `<repo>/crates/x/migrations` or `<repo>/internal/db/migrations`, near enough to stay in the repo. */
const MAX_LEVELS = 4;

/** The nearest Cargo.toml or go.mod at or above `dir`, stopping at a repository root (a `.git` entry). */
export async function findManifest(fs: DiscoverFs, dir: string): Promise<FolderHints['manifest']> {
  let current = dir;
  for (let level = 0; level <= MAX_LEVELS; level++) {
    if (await fs.stat(joinPath(current, 'Cargo.toml'))) return 'cargo';
    if (await fs.stat(joinPath(current, 'go.mod'))) return 'go';
    if (await fs.stat(joinPath(current, '.git'))) return null;
    current = joinPath(current, '..');
  }
  return null;
}
