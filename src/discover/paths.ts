import { posix } from 'node:path';

/**
 * Paths in results are reports' file names, so they use forward slashes on every platform and keep the caller's
 * spelling (relative stays relative) apart from normalisation, which is also what makes deduplication work.
 */
export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

export function joinPath(base: string, rel: string): string {
  return posix.join(toSlashes(base), rel);
}

export function normalizePath(path: string): string {
  return posix.normalize(toSlashes(path));
}

export function baseName(path: string): string {
  return posix.basename(path);
}

export function dirName(path: string): string {
  return posix.dirname(path);
}
