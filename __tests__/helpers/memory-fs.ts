import type { DiscoverFs } from '../../src/discover/types.js';

/** A DiscoverFs over a path → content map; folders are implied by the paths. */
export function memoryFs(files: Record<string, string>): DiscoverFs {
  const dirs = new Set<string>(['.']);
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return {
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    readDir: async (path) => {
      const prefix = path === '.' ? '' : `${path}/`;
      const names = new Map<string, boolean>();
      for (const p of [...Object.keys(files), ...dirs]) {
        if (!p.startsWith(prefix) || p === path) continue;
        const rest = p.slice(prefix.length);
        if (rest === '' || rest === '.') continue;
        const [name, ...more] = rest.split('/');
        names.set(name!, (names.get(name!) ?? false) || more.length > 0 || dirs.has(p));
      }
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    stat: async (path) =>
      files[path] !== undefined ? { isDirectory: false, isFile: true } : dirs.has(path) ? { isDirectory: true, isFile: false } : null,
  };
}
