import { ConfigError } from '../../src/config.js';
import { parseStatsFile, writeStatsFile } from '../../src/stats/read-stats.js';
import type { StatsFile } from '../../src/stats/types.js';

const STATS: StatsFile = {
  migrascopeStats: 1,
  exportedAt: '2026-03-01T12:00:00.000Z',
  server: 'PostgreSQL 16.4',
  tables: {
    'public.users': {
      rows: 2_000_000,
      pages: 51_234,
      totalBytes: 612_345_678,
      columns: { id: { nullFrac: 0, nDistinct: -1, avgWidth: 8 }, email: { nullFrac: 0, nDistinct: -1, avgWidth: 24 }, bio: { nullFrac: 0.31, nDistinct: -0.42, avgWidth: 118 } },
      indexes: { users_pkey: { bytes: 44_941_312 }, users_email_key: { bytes: 80_003_072 } },
    },
    'billing.invoices': { rows: -1, pages: 0, totalBytes: 8192, columns: {}, indexes: {} },
  },
};

/** The message of the ConfigError `text` gives, or a failure when it parses. */
function errorOf(text: string): string {
  try {
    parseStatsFile(text, 'prod-stats.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('parsed without an error');
}

const lines = (...l: string[]) => l.join('\n');

describe('writeStatsFile', () => {
  test('round-trips through parseStatsFile', () => {
    expect(parseStatsFile(writeStatsFile(STATS), 'stats.json')).toEqual(STATS);
  });

  test('writes 2-space JSON with a fixed key order, whatever order the object was built in', () => {
    const shuffled: StatsFile = {
      tables: { 'public.users': { indexes: STATS.tables['public.users'].indexes, columns: STATS.tables['public.users'].columns, rows: 2_000_000, totalBytes: 612_345_678, pages: 51_234 }, 'billing.invoices': STATS.tables['billing.invoices'] },
      server: STATS.server,
      exportedAt: STATS.exportedAt,
      migrascopeStats: 1,
    } as StatsFile;
    const text = writeStatsFile(shuffled);
    expect(text).toBe(writeStatsFile(STATS));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 6)).toEqual(['{', '  "migrascopeStats": 1,', '  "exportedAt": "2026-03-01T12:00:00.000Z",', '  "server": "PostgreSQL 16.4",', '  "tables": {', '    "billing.invoices": {']);
    expect(Object.keys(JSON.parse(text).tables['public.users'].columns)).toEqual(['bio', 'email', 'id']);
    expect(Object.keys(JSON.parse(text).tables['public.users'])).toEqual(['rows', 'pages', 'totalBytes', 'columns', 'indexes']);
  });
});

describe('parseStatsFile', () => {
  test('accepts a minimal hand-written file (YAML too), filling in what it leaves out', () => {
    const parsed = parseStatsFile(lines('migrascopeStats: 1', 'tables:', '  public.orders: { rows: 80000000 }'), 'stats.yml');
    expect(parsed).toEqual({ migrascopeStats: 1, exportedAt: '', server: '', tables: { 'public.orders': { rows: 80_000_000, pages: 0, totalBytes: 0, columns: {}, indexes: {} } } });
  });

  test.each([
    ['broken JSON', lines('{', '  "migrascopeStats": 1,', '  "tables": {', '    "public.users": { "rows": 5 ]', '  }', '}'), /^prod-stats\.json:4: Expected ',' or '}' after property value$/],
    ['broken YAML', lines('migrascopeStats: 1', 'tables:', '  public.users: { rows: 5', 'x'), /^prod-stats\.json:\d+: /],
    ['not a mapping', '[1, 2]', /^prod-stats\.json:1: not a stats file: expected a mapping .*got a list/],
    ['no version', lines('{', '  "tables": {}', '}'), /^prod-stats\.json:1: not a stats file: missing migrascopeStats: 1/],
    ['another version', lines('{', '  "migrascopeStats": 2,', '  "tables": {}', '}'), /^prod-stats\.json:2: migrascopeStats is 2; expected 1/],
    ['an unknown top-level key', lines('{', '  "migrascopeStats": 1,', '  "tabels": {}', '}'), /^prod-stats\.json:3: the stats file has unknown key "tabels"/],
    ['no tables', lines('{', '  "migrascopeStats": 1', '}'), /^prod-stats\.json:1: the stats file has no "tables"/],
    ['a timestamp that is not one', lines('{', '  "migrascopeStats": 1,', '  "exportedAt": "yesterday",', '  "tables": {}', '}'), /^prod-stats\.json:3: exportedAt "yesterday" is not an ISO timestamp/],
    ['a table key without a schema', lines('{', '  "migrascopeStats": 1,', '  "tables": {', '    "users": { "rows": 5 }', '  }', '}'), /^prod-stats\.json:4: table key "users" is not "schema\.table"/],
    ['a table without rows', lines('{', '  "migrascopeStats": 1,', '  "tables": {', '    "public.users": {', '      "pages": 5', '    }', '  }', '}'), /^prod-stats\.json:4: tables\["public\.users"\] has no "rows"/],
    ['rows as a string', lines('{', '  "migrascopeStats": 1,', '  "tables": {', '    "public.users": {', '      "rows": "80M"', '    }', '  }', '}'), /^prod-stats\.json:5: tables\["public\.users"\]\.rows is "80M"; expected a whole number of rows/],
    ['rows below -1', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: -2'), /^prod-stats\.json:4: tables\["public\.users"\]\.rows is -2;/],
    ['fractional rows', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2.5'), /:4: tables\["public\.users"\]\.rows is 2\.5;/],
    ['negative bytes', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    totalBytes: -8'), /:5: tables\["public\.users"\]\.totalBytes is -8; expected a whole number of bytes/],
    ['an unknown table key', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    row_count: 2'), /:5: tables\["public\.users"\] has unknown key "row_count"; expected rows, pages, totalBytes, columns, indexes/],
    ['nullFrac above 1', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    columns:', '      bio: { nullFrac: 1.5, nDistinct: 3, avgWidth: 10 }'), /:6: tables\["public\.users"\]\.columns\["bio"\]\.nullFrac is 1\.5; expected a fraction from 0 to 1/],
    ['nDistinct below -1', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    columns:', '      bio:', '        nullFrac: 0', '        nDistinct: -3', '        avgWidth: 10'), /:8: tables\["public\.users"\]\.columns\["bio"\]\.nDistinct is -3;/],
    ['a column without avgWidth', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    columns:', '      bio:', '        nullFrac: 0', '        nDistinct: 3'), /:7: tables\["public\.users"\]\.columns\["bio"\] has no "avgWidth"/],
    ['a column that is not a mapping', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    columns:', '      bio: 12'), /:6: tables\["public\.users"\]\.columns\["bio"\] must be a mapping/],
    ['an index without bytes', lines('migrascopeStats: 1', 'tables:', '  public.users:', '    rows: 2', '    indexes:', '      users_pkey: { size: 5 }'), /:6: tables\["public\.users"\]\.indexes\["users_pkey"\] has unknown key "size"/],
    ['a duplicate table', lines('{', '  "migrascopeStats": 1,', '  "tables": {', '    "public.a": { "rows": 1 },', '    "public.a": { "rows": 2 }', '  }', '}'), /^prod-stats\.json:5: tables has the key "public\.a" twice/],
  ])('%s is an error with the file, the line and the key', (_name, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
