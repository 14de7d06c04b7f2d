import { compare } from 'natural-orderby';

/**
 * One position of a sort key. Frameworks order by different rules (numeric version parts, code-unit order,
 * natural order, plan position); expressing each file's key as a tuple lets one comparator sort any set,
 * including sets assembled from files the caller listed one by one.
 */
export type KeyPart = bigint | string | { natural: string } | readonly KeyPart[];
export type SortKey = readonly KeyPart[];

const naturalCompare = compare();

function typeRank(part: KeyPart): number {
  if (typeof part === 'bigint') return 0;
  if (typeof part === 'string') return 1;
  if (Array.isArray(part)) return 3;
  return 2;
}

function comparePart(a: KeyPart, b: KeyPart): number {
  const rankDiff = typeRank(a) - typeRank(b);
  if (rankDiff !== 0) return rankDiff;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // Code-unit order, as Go's and Java's string comparison (the frameworks' own sort) use, not locale order.
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) return compareKeys(a, b);
  return naturalCompare((a as { natural: string }).natural, (b as { natural: string }).natural);
}

/** Element-wise; a key that is a prefix of another sorts first (so Flyway's V2 precedes V2.1). */
export function compareKeys(a: SortKey, b: SortKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Digits as an exact number: versions such as 14-digit timestamps or long sequences exceed 2^53. */
export function digits(text: string): bigint {
  return BigInt(text);
}
