/**
 * Options shared by the action and the CLI: defaults, validation, and the config file (migrascope.yml,
 * migrascope.yaml or migrascope.json). A bad value is an error that names the file, the line and the key.
 */
import { parseDocument, isMap, isScalar, LineCounter, type Node as YamlNode } from 'yaml';
import type { RuleSetting } from './analyze/configure-rules.js';
import { FORMAT_NAMES, SEVERITIES, type FormatName, type Severity } from './report/types.js';

export type FailOn = 'error' | 'warning' | 'never';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'never'];
export const DEFAULT_PG_VERSION = 17;
export const SUPPORTED_PG_VERSIONS = [10, 11, 12, 13, 14, 15, 16, 17, 18] as const;

export interface Options {
  /** Files or folders holding the migrations to check. */
  paths: string[];
  /** Files or folders that ran before: they build the schema, they are not reported. */
  base: string[];
  format: FormatName | null;
  pgVersion: number;
  failOn: FailOn;
  rules: Record<string, RuleSetting>;
  /** Also lint down migrations (as their own files, never as if they ran forward). */
  includeDown: boolean;
  /** Run the checked migrations on a disposable Postgres and measure them (false: static analysis only). */
  run: boolean;
  /** A disposable server to run on instead of the embedded one (a CI service container). */
  databaseUrl: string | null;
  /** Allow a databaseUrl whose host is neither loopback nor private. */
  allowRemote: boolean;
  /** Time limit for the whole database run. */
  timeoutMs: number;
  /**
   * Rows to seed into every existing table before the checked files run (0: no seeding). null: not set, which
   * means DEFAULT_ESTIMATE_SEED_ROWS when production sizes are given (estimates need rows to measure), else 0.
   */
  seedRows: number | null;
  /** Per-table row counts (`schema.table` or `table`) from `seed: { rows: {…} }`, overriding seedRows. */
  seedPerTable: Record<string, number>;
  /** SQL files run once before the base migrations (a framework's bookkeeping, roles, extensions). */
  beforeSql: string[];
  /** A schema dump (pg_dump --schema-only, structure.sql) that is the before-state, instead of or before `base`. */
  schema: string | null;
  /** A stats file from `migrascope stats export`: production row counts and column distributions. */
  stats: string | null;
  /** Production row counts for the estimates: `default` for every table, per table (`schema.table` or `table`) over it. */
  productionRows: { default: number | null; perTable: Record<string, number> };
  /** Files of named application queries (`-- name:` blocks) planned before and after the checked files. */
  queries: string[];
  /** EXPLAIN ANALYZE the queries (inside a rolled-back transaction) instead of EXPLAIN alone. */
  analyzeQueries: boolean;
  /** Thresholds that turn measured facts into findings. */
  thresholds: { maxLockMs: number; maxBlockedMs: number; maxWorkUnderLockMs: number; maxQueryCostRatio: number };
}

/** Rows per table seeded when production sizes are given and seed-rows is not: enough to fit a time to. */
export const DEFAULT_ESTIMATE_SEED_ROWS = 100_000;

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function defaultOptions(): Options {
  return {
    paths: [],
    base: [],
    format: null,
    pgVersion: DEFAULT_PG_VERSION,
    failOn: 'error',
    rules: {},
    includeDown: false,
    run: true,
    databaseUrl: null,
    allowRemote: false,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    seedRows: null,
    seedPerTable: {},
    beforeSql: [],
    schema: null,
    stats: null,
    productionRows: { default: null, perTable: {} },
    queries: [],
    analyzeQueries: false,
    thresholds: { maxLockMs: 1000, maxBlockedMs: 1000, maxWorkUnderLockMs: 200, maxQueryCostRatio: 2 },
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What a config file may hold, with the check for each key. */
const KEYS: Record<string, (value: unknown, where: string) => Partial<Options>> = {
  'pg-version': (v, where) => ({ pgVersion: parsePgVersion(v, where) }),
  format: (v, where) => ({ format: parseFormat(v, where) }),
  paths: (v, where) => ({ paths: stringArray(v, where) }),
  base: (v, where) => ({ base: stringArray(v, where) }),
  'fail-on': (v, where) => ({ failOn: parseFailOn(v, where) }),
  rules: (v, where) => ({ rules: parseRules(v, where) }),
  'include-down': (v, where) => ({ includeDown: parseBoolean(v, 'include-down', where) }),
  run: (v, where) => ({ run: parseBoolean(v, 'run', where) }),
  timeout: (v, where) => ({ timeoutMs: parseDuration(v, where) }),
  'seed-rows': (v, where) => ({ seedRows: parseSeedRows(v, where) }),
  seed: (v, where) => ({ seedPerTable: parseSeedTables(v, where) }),
  'before-sql': (v, where) => ({ beforeSql: stringArray(v, where) }),
  schema: (v, where) => {
    if (typeof v !== 'string') throw new ConfigError(`${where}: "schema" must be a path, got ${JSON.stringify(v)}`);
    return { schema: v };
  },
  thresholds: (v, where) => ({ thresholds: parseThresholds(v, where) }),
  stats: (v, where) => {
    if (typeof v !== 'string') throw new ConfigError(`${where}: "stats" must be the path of a stats file (migrascope stats export), got ${JSON.stringify(v)}`);
    return { stats: v };
  },
  'production-rows': (v, where) => ({ productionRows: parseProductionRows(v, where) }),
  queries: (v, where) => ({ queries: stringArray(v, where) }),
  'analyze-queries': (v, where) => ({ analyzeQueries: parseBoolean(v, 'analyze-queries', where) }),
};

function parseBoolean(v: unknown, key: string, where: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(`${where}: "${key}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** `90s`, `10m`, `1h`, `500ms` or a number of milliseconds. */
export function parseDuration(value: unknown, where = 'timeout'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(String(value));
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new ConfigError(`${where}: timeout ${JSON.stringify(value)} is not a duration; expected e.g. 90s, 10m or a number of milliseconds`);
  return Math.round(ms);
}

export function parseSeedRows(value: unknown, where = 'seed-rows'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ConfigError(`${where}: seed-rows ${JSON.stringify(value)} is not a whole number of rows`);
  return n;
}

/** `seed: { rows: { users: 2000000, "app.orders": 5000000 } }`. */
function parseSeedTables(value: unknown, where: string): Record<string, number> {
  const rows = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).rows : undefined;
  const extra = value && typeof value === 'object' ? Object.keys(value).filter((k) => k !== 'rows') : [];
  if (!rows || typeof rows !== 'object' || Array.isArray(rows) || extra.length) {
    throw new ConfigError(`${where}: "seed" must be { rows: { <table>: <rows>, … } }${extra.length ? `; unknown key "${extra[0]}"` : ''}`);
  }
  return Object.fromEntries(Object.entries(rows).map(([table, n]) => [table, parseSeedRows(n, `${where}: seed.rows.${table}`)]));
}

/**
 * `production-rows: 80000000` (every table), or per table with an optional default:
 * `production-rows: { default: 1000000, users: 80000000, "app.orders": 5000000 }`. `80M`, `2.5k` are accepted.
 */
export function parseProductionRows(value: unknown, where = 'production-rows'): Options['productionRows'] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const perTable: Record<string, number> = {};
    let fallback: number | null = null;
    for (const [table, n] of Object.entries(value)) {
      const rows = parseRowCount(n, `${where}: production-rows.${table}`);
      if (table === 'default') fallback = rows;
      else perTable[table] = rows;
    }
    return { default: fallback, perTable };
  }
  return { default: parseRowCount(value, where), perTable: {} };
}

/** A row count: 80000000, "80M", "2.5k", "1_000_000". */
export function parseRowCount(value: unknown, where: string): number {
  const m = /^\s*(\d[\d_]*(?:\.\d+)?)\s*([kKmMgGbB]?)\s*$/.exec(String(value));
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, b: 1e9 };
  const n = m ? Math.round(Number(m[1].replace(/_/g, '')) * scale[m[2].toLowerCase()]) : NaN;
  if (typeof value === 'boolean' || value === null || !Number.isFinite(n) || n < 0) {
    throw new ConfigError(`${where}: ${JSON.stringify(value)} is not a row count; expected e.g. 80000000, 80M or 2.5k`);
  }
  return n;
}

const THRESHOLD_KEYS = {
  'max-lock-ms': 'maxLockMs',
  'max-blocked-ms': 'maxBlockedMs',
  'max-work-under-lock-ms': 'maxWorkUnderLockMs',
  'max-query-cost-ratio': 'maxQueryCostRatio',
} as const;

function parseThresholds(value: unknown, where: string): Options['thresholds'] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${where}: "thresholds" must map ${Object.keys(THRESHOLD_KEYS).join(', ')} to milliseconds`);
  const thresholds = { ...defaultOptions().thresholds };
  for (const [key, v] of Object.entries(value)) {
    const field = THRESHOLD_KEYS[key as keyof typeof THRESHOLD_KEYS];
    if (!field) throw new ConfigError(`${where}: thresholds has unknown key "${key}"; expected one of ${Object.keys(THRESHOLD_KEYS).join(', ')}`);
    if (field === 'maxQueryCostRatio') {
      if (typeof v !== 'number' || !(v > 1)) throw new ConfigError(`${where}: thresholds.${key} must be a factor above 1 (e.g. 2: twice the cost), got ${JSON.stringify(v)}`);
    } else if (typeof v !== 'number' || !(v >= 0)) throw new ConfigError(`${where}: thresholds.${key} must be a number of milliseconds, got ${JSON.stringify(v)}`);
    thresholds[field] = v;
  }
  return thresholds;
}

export function parsePgVersion(value: unknown, where = 'pg-version'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !(SUPPORTED_PG_VERSIONS as readonly number[]).includes(n)) {
    throw new ConfigError(`${where}: pg-version ${JSON.stringify(value)} is not supported; expected a major version from ${SUPPORTED_PG_VERSIONS[0]} to ${SUPPORTED_PG_VERSIONS[SUPPORTED_PG_VERSIONS.length - 1]}`);
  }
  return n;
}

export function parseFormat(value: unknown, where = 'format'): FormatName {
  if (typeof value !== 'string' || !(FORMAT_NAMES as readonly string[]).includes(value)) {
    throw new ConfigError(`${where}: format ${JSON.stringify(value)} is not one of ${FORMAT_NAMES.join(', ')}`);
  }
  return value as FormatName;
}

export function parseFailOn(value: unknown, where = 'fail-on'): FailOn {
  if (typeof value !== 'string' || !(FAIL_ON_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`${where}: fail-on ${JSON.stringify(value)} is not one of ${FAIL_ON_LEVELS.join(', ')}`);
  }
  return value as FailOn;
}

function stringArray(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: expected a path or a list of paths, got ${JSON.stringify(value)}`);
  return list as string[];
}

const LEVELS = ['off', 'on', ...SEVERITIES];

function parseRules(value: unknown, where: string): Record<string, RuleSetting> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${where}: "rules" must map rule ids to off | on | error | warning | info`);
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (typeof setting === 'string' && LEVELS.includes(setting)) rules[id] = setting as RuleSetting;
    else if (setting && typeof setting === 'object' && !Array.isArray(setting)) {
      const { severity, options, ...rest } = setting as Record<string, unknown>;
      const extra = Object.keys(rest);
      if (extra.length) throw new ConfigError(`${where}: rules.${id} has unknown key "${extra[0]}"; expected severity and/or options`);
      if (severity !== undefined && (typeof severity !== 'string' || !LEVELS.includes(severity))) {
        throw new ConfigError(`${where}: rules.${id}.severity ${JSON.stringify(severity)} is not one of ${LEVELS.join(', ')}`);
      }
      if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
        throw new ConfigError(`${where}: rules.${id}.options must be a mapping`);
      }
      rules[id] = { severity: severity as "off" | "on" | Severity | undefined, options: options as Record<string, unknown> | undefined };
    } else {
      throw new ConfigError(`${where}: rules.${id} is ${JSON.stringify(setting)}; expected one of ${LEVELS.join(', ')} or { severity, options }`);
    }
  }
  return rules;
}

/** Reads a config file's text (YAML or JSON; JSON is YAML) into options. `path` is used in messages. */
export function parseConfig(text: string, path: string): Partial<Options> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? 1;
    throw new ConfigError(`${path}:${line}: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new ConfigError(`${path}:1: the config must be a mapping of keys (pg-version, format, paths, base, fail-on, rules, include-down)`);
  const options: Partial<Options> = {};
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = lineOf(pair.key as YamlNode, lineCounter);
    const where = `${path}:${line}`;
    const check = KEYS[key];
    if (!check) throw new ConfigError(`${where}: unknown key "${key}"; expected one of ${Object.keys(KEYS).join(', ')}`);
    const value = (pair.value as YamlNode | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null);
    Object.assign(options, check(value, where));
  }
  return options;
}

function lineOf(node: YamlNode | null, counter: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

export const CONFIG_FILE_NAMES = ['migrascope.yml', 'migrascope.yaml', 'migrascope.json'];
