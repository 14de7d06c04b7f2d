import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { DiscoverFs } from './types.js';

/**
 * Discovery's only door to the real disk. Migration folders hold many small files and directories: synchronous
 * calls cost microseconds each, while each promise-based call pays for a round trip through the thread pool
 * (hundreds of them for one diesel or Prisma history). The interface stays async for other implementations.
 */
export function nodeFs(): DiscoverFs {
  return {
    readFile: async (path) => readFileSync(path, 'utf8'),
    readDir: async (path) => readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
    stat: async (path) => {
      try {
        const s = statSync(path, { throwIfNoEntry: false });
        return s ? { isDirectory: s.isDirectory(), isFile: s.isFile() } : null;
      } catch (error) {
        // A path through a file ("a.sql/x") does not exist either.
        if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
        throw error;
      }
    },
  };
}
