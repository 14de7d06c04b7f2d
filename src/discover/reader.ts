import type { LoadContext } from './set.js';
import type { DiscoverFs } from './types.js';

/** Detection and loading both read files; the cache makes each file read once per discovery. */
export function createReader(fs: DiscoverFs): Pick<LoadContext, 'read' | 'readOptional'> {
  const cache = new Map<string, Promise<string>>();
  const read = (path: string): Promise<string> => {
    let text = cache.get(path);
    if (!text) {
      text = fs.readFile(path);
      cache.set(path, text);
    }
    return text;
  };
  return {
    read,
    readOptional: async (path) => ((await fs.stat(path))?.isFile ? read(path) : null),
  };
}
