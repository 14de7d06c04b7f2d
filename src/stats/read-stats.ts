/**
 * Reading and writing the stats file (src/stats/types.ts). Pure: the caller reads and writes the disk. A bad file
 * is a ConfigError naming the file, the line and the key, like a bad config file; JSON is YAML, so the yaml
 * parser gives the lines (and a hand-written file may be YAML).
 */
import { parseDocument, isMap, isScalar, LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { ConfigError } from '../config.js';
import type { ColumnStats, StatsFile, TableStats } from './types.js';

export const STATS_FORMAT_VERSION = 1;

interface Cursor {
  path: string;
  counter: LineCounter;
}

function lineOf(node: unknown, counter: LineCounter): number {
  const offset = (node as YamlNode | null | undefined)?.range?.[0];
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

function fail(cur: Cursor, node: unknown, message: string): never {
  throw new ConfigError(`${cur.path}:${lineOf(node, cur.counter)}: ${message}`);
}

function show(node: unknown): string {
  if (isScalar(node)) return JSON.stringify(node.value);
  if (isMap(node)) return 'a mapping';
  if (node === null || node === undefined) return 'nothing';
  return 'a list';
}

/** The pairs of a mapping, keys as strings; the node itself when it is not a mapping fails with `what`. */
function pairsOf(cur: Cursor, node: unknown, key: string, what: string): Array<{ key: string; pair: Pair }> {
  if (!isMap(node)) fail(cur, node, `${key} must be ${what}, got ${show(node)}`);
  const out = (node as YAMLMap).items.map((pair) => ({ key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key), pair }));
  // Checked here rather than by the parser, which would name the line of the mapping, not of the second key.
  const seen = new Set<string>();
  for (const { key: k, pair } of out) {
    if (seen.has(k)) fail(cur, pair.key, `${key} has the key "${k}" twice`);
    seen.add(k);
  }
  return out;
}

/** Known keys only: a misspelt key would otherwise be ignored without a word. */
function fields(cur: Cursor, node: unknown, key: string, what: string, known: readonly string[]): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const { key: k, pair } of pairsOf(cur, node, key, what)) {
    if (!known.includes(k)) fail(cur, pair.key, `${key} has unknown key "${k}"; expected ${known.join(', ')}`);
    out.set(k, pair);
  }
  return out;
}

function number(cur: Cursor, pair: Pair, key: string, check: (n: number) => boolean, expected: string): number {
  const value = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) fail(cur, pair.value ?? pair.key, `${key} is ${show(pair.value)}; expected ${expected}`);
  return value;
}

function string(cur: Cursor, pair: Pair, key: string): string {
  const value = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof value !== 'string') fail(cur, pair.value ?? pair.key, `${key} is ${show(pair.value)}; expected a string`);
  return value;
}

/**
 * For a file that is meant to be JSON, JSON's own message: the YAML parser reports a broken flow mapping at the
 * line where the mapping starts, JSON.parse at the character where it broke.
 */
function jsonSyntaxError(text: string, path: string, counter: LineCounter): void {
  if (!text.trimStart().startsWith('{')) return;
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (!at) return;
    throw new ConfigError(`${path}:${counter.linePos(Number(at[1])).line}: ${message.replace(/ in JSON at position.*$/s, '')}`);
  }
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

const TOP_KEYS = ['migrascopeStats', 'exportedAt', 'server', 'tables'] as const;
const TABLE_KEYS = ['rows', 'pages', 'totalBytes', 'columns', 'indexes'] as const;
const COLUMN_KEYS = ['nullFrac', 'nDistinct', 'avgWidth'] as const;

/**
 * Parses and validates a stats file. Required: `migrascopeStats: 1`, `tables`, and each table's `rows`; the rest
 * may be left out of a hand-written file (pages and sizes 0, no column or index statistics, exportedAt and server '').
 */
export function parseStatsFile(text: string, path: string): StatsFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    jsonSyntaxError(text, path, counter);
    const e = doc.errors[0];
    throw new ConfigError(`${path}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const cur: Cursor = { path, counter };
  if (!isMap(doc.contents)) fail(cur, doc.contents, `not a stats file: expected a mapping with migrascopeStats: ${STATS_FORMAT_VERSION} and tables (from \`migrascope stats export\`), got ${show(doc.contents)}`);
  const top = fields(cur, doc.contents, 'the stats file', 'a mapping', TOP_KEYS);
  const version = top.get('migrascopeStats');
  if (!version) fail(cur, doc.contents, `not a stats file: missing migrascopeStats: ${STATS_FORMAT_VERSION} (write it with \`migrascope stats export\`)`);
  number(cur, version, 'migrascopeStats', (n) => n === STATS_FORMAT_VERSION, `${STATS_FORMAT_VERSION}, the only version this migrascope reads`);
  const exportedAt = top.has('exportedAt') ? string(cur, top.get('exportedAt')!, 'exportedAt') : '';
  if (exportedAt && Number.isNaN(Date.parse(exportedAt))) fail(cur, top.get('exportedAt')!.value, `exportedAt ${JSON.stringify(exportedAt)} is not an ISO timestamp`);
  const server = top.has('server') ? string(cur, top.get('server')!, 'server') : '';
  const tablesPair = top.get('tables');
  if (!tablesPair) fail(cur, doc.contents, 'the stats file has no "tables" mapping');

  const tables: Record<string, TableStats> = {};
  for (const { key: name, pair } of pairsOf(cur, tablesPair.value, 'tables', 'a mapping of "schema.table" to table statistics')) {
    if (!/^.+\..+$/s.test(name)) fail(cur, pair.key, `table key ${JSON.stringify(name)} is not "schema.table"`);
    tables[name] = readTable(cur, pair, `tables["${name}"]`);
  }
  return { migrascopeStats: 1, exportedAt, server, tables };
}

function readTable(cur: Cursor, tablePair: Pair, where: string): TableStats {
  const f = fields(cur, tablePair.value, where, 'a mapping of rows, pages, totalBytes, columns, indexes', TABLE_KEYS);
  const rowsPair = f.get('rows');
  if (!rowsPair) fail(cur, tablePair.value ?? tablePair.key, `${where} has no "rows" (the production row count; -1: unknown)`);
  const rows = number(cur, rowsPair, `${where}.rows`, (n) => Number.isInteger(n) && n >= -1, 'a whole number of rows (-1: never analyzed)');
  const pages = f.has('pages') ? number(cur, f.get('pages')!, `${where}.pages`, isCount, 'a whole number of pages, 0 or more') : 0;
  const totalBytes = f.has('totalBytes') ? number(cur, f.get('totalBytes')!, `${where}.totalBytes`, isCount, 'a whole number of bytes, 0 or more') : 0;
  const columns: Record<string, ColumnStats> = {};
  if (f.has('columns')) {
    for (const { key, pair } of pairsOf(cur, f.get('columns')!.value, `${where}.columns`, 'a mapping of column names to { nullFrac, nDistinct, avgWidth }')) {
      columns[key] = readColumn(cur, pair, `${where}.columns["${key}"]`);
    }
  }
  const indexes: Record<string, { bytes: number }> = {};
  if (f.has('indexes')) {
    for (const { key, pair } of pairsOf(cur, f.get('indexes')!.value, `${where}.indexes`, 'a mapping of index names to { bytes }')) {
      const index = fields(cur, pair.value, `${where}.indexes["${key}"]`, 'a mapping { bytes }', ['bytes']);
      const bytes = index.get('bytes');
      if (!bytes) fail(cur, pair.value ?? pair.key, `${where}.indexes["${key}"] has no "bytes"`);
      indexes[key] = { bytes: number(cur, bytes, `${where}.indexes["${key}"].bytes`, isCount, 'a whole number of bytes, 0 or more') };
    }
  }
  return { rows, pages, totalBytes, columns, indexes };
}

function readColumn(cur: Cursor, columnPair: Pair, where: string): ColumnStats {
  const f = fields(cur, columnPair.value, where, 'a mapping { nullFrac, nDistinct, avgWidth }', COLUMN_KEYS);
  for (const k of COLUMN_KEYS) if (!f.has(k)) fail(cur, columnPair.value ?? columnPair.key, `${where} has no "${k}"`);
  return {
    nullFrac: number(cur, f.get('nullFrac')!, `${where}.nullFrac`, (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1'),
    // Postgres' own range: > 0 a count of distinct values, -1 … < 0 minus a fraction of the rows, 0 unknown.
    nDistinct: number(cur, f.get('nDistinct')!, `${where}.nDistinct`, (n) => n >= -1, 'a count of distinct values (> 0), minus a fraction of the rows (-1 to 0), or 0 for unknown'),
    avgWidth: number(cur, f.get('avgWidth')!, `${where}.avgWidth`, (n) => n >= 0, 'an average width in bytes, 0 or more'),
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sorted<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of Object.keys(record).sort(byName)) out[key] = map(record[key]);
  return out;
}

/** The file's text: keys in a fixed order (tables, columns and indexes by name), so exports diff cleanly. */
export function writeStatsFile(stats: StatsFile): string {
  const ordered: StatsFile = {
    migrascopeStats: stats.migrascopeStats,
    exportedAt: stats.exportedAt,
    server: stats.server,
    tables: sorted(stats.tables, (t) => ({
      rows: t.rows,
      pages: t.pages,
      totalBytes: t.totalBytes,
      columns: sorted(t.columns, (c) => ({ nullFrac: c.nullFrac, nDistinct: c.nDistinct, avgWidth: c.avgWidth })),
      indexes: sorted(t.indexes, (i) => ({ bytes: i.bytes })),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
