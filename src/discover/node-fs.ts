import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { DiscoverFs } from './types.js';

/** Discovery's only door to the real disk. */
export function nodeFs(): DiscoverFs {
  return {
    // Migration files are small and many: a synchronous read costs a few microseconds, while each promise-based
    // read pays for open, fstat, read and close round trips through the thread pool.
    readFile: async (path) => readFileSync(path, 'utf8'),
    readDir: async (path) =>
      (await readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
    stat: async (path) => {
      try {
        const s = await stat(path);
        return { isDirectory: s.isDirectory(), isFile: s.isFile() };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw error;
      }
    },
  };
}
