import { parseConfig, ConfigError } from '../src/config.js';
import { configureRules } from '../src/analyze/configure-rules.js';
import { ALL_RULES } from '../src/rules/index.js';

describe('parseConfig', () => {
  test('reads YAML with kebab-case keys', () => {
    const text = 'pg-version: 16\nformat: goose\npaths: [db/migrations]\nfail-on: warning\nrules:\n  require-concurrent-index: warning\n';
    expect(parseConfig(text, 'migrascope.yml')).toEqual({
      pgVersion: 16,
      format: 'goose',
      paths: ['db/migrations'],
      failOn: 'warning',
      rules: { 'require-concurrent-index': 'warning' },
    });
  });

  test('reads JSON', () => {
    expect(parseConfig('{"pg-version": "13", "rules": {"require-concurrent-index": {"severity": "info"}}}', 'm.json')).toEqual({
      pgVersion: 13,
      rules: { 'require-concurrent-index': { severity: 'info', options: undefined } },
    });
  });

  test.each([
    ['pg-version: 17\npgversion: 16\n', 'migrascope.yml:2: unknown key "pgversion"'],
    ['fail-on: sometimes\n', 'migrascope.yml:1: fail-on "sometimes" is not one of error, warning, never'],
    ['\n\npg-version: 9\n', 'migrascope.yml:3: pg-version 9 is not supported'],
    ['format: rails\n', 'migrascope.yml:1: format "rails" is not one of plain'],
    ['rules:\n  require-concurrent-index: loud\n', 'migrascope.yml:1: rules.require-concurrent-index is "loud"'],
    ['pg-version: [17\n', 'migrascope.yml:1:'],
    ['- just\n- a list\n', 'migrascope.yml:1: the config must be a mapping'],
  ])('rejects %j with a message naming file and line', (text, message) => {
    expect(() => parseConfig(text, 'migrascope.yml')).toThrow(ConfigError);
    expect(() => parseConfig(text, 'migrascope.yml')).toThrow(message);
  });

  test('an empty file is an empty config', () => {
    expect(parseConfig('', 'migrascope.yml')).toEqual({});
  });
});

describe('configureRules', () => {
  test('recommended rules are on at their default severity; settings turn rules off, on, or change severity', () => {
    const defaults = configureRules(ALL_RULES);
    expect(defaults.map((c) => c.rule.meta.id)).toEqual(ALL_RULES.filter((r) => r.meta.recommended).map((r) => r.meta.id));
    const off = configureRules(ALL_RULES, { 'require-concurrent-index': 'off' });
    expect(off.some((c) => c.rule.meta.id === 'require-concurrent-index')).toBe(false);
    const info = configureRules(ALL_RULES, { 'require-concurrent-index': 'info' });
    expect(info.find((c) => c.rule.meta.id === 'require-concurrent-index')!.severity).toBe('info');
  });

  test('an unknown rule id is an error that says how to list rules', () => {
    expect(() => configureRules(ALL_RULES, { 'no-such-rule': 'error' })).toThrow('Unknown rule "no-such-rule" in config; run `migrascope rules`');
  });
});

describe('run settings', () => {
  test('durations, thresholds, before-sql and schema are read from the config', () => {
    const text = 'run: false\ntimeout: 90s\nbefore-sql: db/prelude.sql\nschema: db/structure.sql\nthresholds:\n  max-lock-ms: 500\nseed-rows: 1000\nseed: { rows: { users: 20, app.orders: 30 } }\n';
    expect(parseConfig(text, 'migrascope.yml')).toEqual({
      seedRows: 1000,
      seedPerTable: { users: 20, 'app.orders': 30 },
      run: false,
      timeoutMs: 90_000,
      beforeSql: ['db/prelude.sql'],
      schema: 'db/structure.sql',
      thresholds: { maxLockMs: 500, maxBlockedMs: 1000, maxWorkUnderLockMs: 200, maxQueryCostRatio: 2 },
    });
  });

  test('production sizes, stats, queries and the query threshold are read from the config', () => {
    const text = 'stats: db/prod-stats.json\nproduction-rows: { default: 2M, users: 80000000, app.orders: 1_500_000 }\nqueries: [db/queries.sql, db/reports.sql]\nanalyze-queries: true\nthresholds: { max-query-cost-ratio: 3 }\n';
    expect(parseConfig(text, 'migrascope.yml')).toEqual({
      stats: 'db/prod-stats.json',
      productionRows: { default: 2_000_000, perTable: { users: 80_000_000, 'app.orders': 1_500_000 } },
      queries: ['db/queries.sql', 'db/reports.sql'],
      analyzeQueries: true,
      thresholds: { maxLockMs: 1000, maxBlockedMs: 1000, maxWorkUnderLockMs: 200, maxQueryCostRatio: 3 },
    });
    expect(parseConfig('production-rows: 2.5k\n', 'm.yml')).toEqual({ productionRows: { default: 2500, perTable: {} } });
  });

  test('a --production-rows flag sets the default and keeps the config\'s per-table counts', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadOptions } = await import('../src/load-options.js');
    const dir = await mkdtemp(join(tmpdir(), 'ms-config-'));
    await writeFile(join(dir, 'migrascope.yml'), 'production-rows: { default: 10, users: 80M }\n');
    const options = await loadOptions({ productionRows: { default: 5_000_000, perTable: {} } }, undefined, dir);
    expect(options.productionRows).toEqual({ default: 5_000_000, perTable: { users: 80_000_000 } });
    expect((await loadOptions({}, undefined, dir)).productionRows).toEqual({ default: 10, perTable: { users: 80_000_000 } });
  });

  test.each([
    ['timeout: soon\n', 'migrascope.yml:1: timeout "soon" is not a duration'],
    ['seed: { rows: { users: lots } }\n', 'seed.rows.users: seed-rows "lots" is not a whole number of rows'],
    ['seed: { users: 5 }\n', '"seed" must be { rows: { <table>: <rows>, … } }; unknown key "users"'],
    ['seed-rows: -1\n', 'seed-rows -1 is not a whole number of rows'],
    ['thresholds:\n  max-lock: 5\n', 'thresholds has unknown key "max-lock"'],
    ['run: yes please\n', '"run" must be true or false'],
    ['production-rows: lots\n', 'migrascope.yml:1: "lots" is not a row count; expected e.g. 80000000, 80M or 2.5k'],
    ['production-rows: { users: -5 }\n', 'production-rows.users: -5 is not a row count'],
    ['stats: [a, b]\n', '"stats" must be the path of a stats file'],
    ['analyze-queries: sometimes\n', '"analyze-queries" must be true or false'],
    ['thresholds: { max-query-cost-ratio: 0.5 }\n', 'thresholds.max-query-cost-ratio must be a factor above 1'],
  ])('rejects %j', (text, message) => {
    expect(() => parseConfig(text, 'migrascope.yml')).toThrow(message);
  });

  test.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['2500', 2500],
  ])('parseDuration(%p) = %p ms', async (text, ms) => {
    const { parseDuration } = await import('../src/config.js');
    expect(parseDuration(text)).toBe(ms);
  });
});
