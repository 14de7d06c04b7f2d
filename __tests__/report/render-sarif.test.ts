import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { renderSarif, SARIF_SCHEMA_URI, toRelativeUri } from '../../src/report/render-sarif.js';
import type { RuleMetaForReport } from '../../src/report/rule-meta.js';
import { GOOSE_PATH, makeFullReport, makeReport, MIGRATE_PATH, QUERIES_PATH, QUERIES_SOURCE, reportWith, spanOf } from './report-fixture.js';

const Ajv04 = Ajv04Module.default;
const addFormats = addFormatsModule.default;

// The official OASIS schema (draft-04), as shipped in @microsoft/jest-sarif.
const sarifSchema = JSON.parse(
  readFileSync(new URL('../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
);
// strict: false for the schema's draft-04 idioms; unicodeRegExp: false because its `language` pattern
// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not a valid regular expression with the `u` flag.
const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const RULES: RuleMetaForReport[] = [
  {
    id: 'require-concurrent-index',
    description: 'Require CREATE INDEX CONCURRENTLY on existing tables',
    category: 'lock',
    severity: 'error',
    fix: 'Use CREATE INDEX CONCURRENTLY outside a transaction.',
    docsUrl: 'https://github.com/migrascope/migrascope/blob/main/docs/rules/require-concurrent-index.md',
  },
  {
    id: 'prefer-identity',
    description: 'Prefer identity columns over serial',
    category: 'style',
    severity: 'info',
    fix: 'Use `GENERATED ALWAYS AS IDENTITY`.',
    docsUrl: 'https://github.com/migrascope/migrascope/blob/main/docs/rules/prefer-identity.md',
  },
  {
    id: 'never-reported',
    description: 'A rule with no findings here',
    category: 'hygiene',
    severity: 'warning',
    fix: 'n/a',
    docsUrl: 'https://example.com/never-reported',
  },
];

function render(report = makeReport()): Log {
  return JSON.parse(renderSarif(report, { rules: RULES })) as Log;
}

describe('renderSarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const log = render();
    expect(errorsOf(log)).toEqual([]);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it.each<[string, (log: any) => void]>([
    ['a bad level', (log) => (log.runs[0].results[0].level = 'fatal')],
    ['a missing version', (log) => delete log.version],
    ['a 0-based start line', (log) => (log.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0)],
    ['a result without a message', (log) => delete log.runs[0].results[0].message],
    ['an unknown property on a run', (log) => (log.runs[0].foo = 1)],
  ])('the schema check rejects %s', (_name, spoil) => {
    const log = render();
    spoil(log);
    expect(errorsOf(log).length).toBeGreaterThan(0);
  });

  it('describes the tool and the rules that have results, sorted by id, with ruleIndex pointing at them', () => {
    const log = render();
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'migrascope', version: '0.1.0', informationUri: 'https://github.com/migrascope/migrascope' });
    const ids = driver.rules!.map((r) => r.id);
    expect(ids).toEqual([
      'changing-column-type',
      'disallow-unique-constraint',
      'lock-held-long',
      'prefer-identity',
      'prefer-text-field',
      'require-concurrent-index',
      'require-lock-timeout',
      'unknown-rule',
    ]);
    for (const result of log.runs[0]!.results!) expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it('takes rule metadata from options.rules', () => {
    const rule = render().runs[0]!.tool.driver.rules!.find((r) => r.id === 'require-concurrent-index')!;
    expect(rule).toEqual({
      id: 'require-concurrent-index',
      name: 'RequireConcurrentIndex',
      shortDescription: { text: 'Require CREATE INDEX CONCURRENTLY on existing tables' },
      fullDescription: { text: 'Require CREATE INDEX CONCURRENTLY on existing tables. Use CREATE INDEX CONCURRENTLY outside a transaction.' },
      helpUri: RULES[0]!.docsUrl,
      help: {
        text: `Require CREATE INDEX CONCURRENTLY on existing tables\n\nFix: Use CREATE INDEX CONCURRENTLY outside a transaction.\n\nDocs: ${RULES[0]!.docsUrl}`,
        markdown: `**Require CREATE INDEX CONCURRENTLY on existing tables**\n\nSafe recipe: Use CREATE INDEX CONCURRENTLY outside a transaction.\n\n[Documentation](${RULES[0]!.docsUrl})`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { category: 'lock', tags: ['lock'] },
    });
    const identity = render().runs[0]!.tool.driver.rules!.find((r) => r.id === 'prefer-identity')!;
    expect(identity.defaultConfiguration).toEqual({ level: 'note' });
    expect(identity.help!.markdown).toContain('Use \\`GENERATED ALWAYS AS IDENTITY\\`.');
  });

  it('builds a rule entry from the findings when there is no metadata for it', () => {
    const report = makeReport();
    const base = report.files[0]!.findings[0]!;
    report.files[0]!.findings.push({ ...base, ruleId: 'syntax-error', category: 'correctness', severity: 'error', fix: null, docsUrl: null, message: 'syntax error at or near "TABEL"' });
    const log = render(report);
    expect(errorsOf(log)).toEqual([]);
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'syntax-error')!;
    expect(rule).toEqual({
      id: 'syntax-error',
      name: 'SyntaxError',
      shortDescription: { text: 'Syntax error' },
      fullDescription: { text: 'Syntax error' },
      help: { text: 'Syntax error', markdown: '**Syntax error**' },
      defaultConfiguration: { level: 'error' },
      properties: { category: 'correctness', tags: ['correctness'] },
    });
    const lockHeld = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'lock-held-long')!;
    expect(lockHeld.helpUri).toBe('https://github.com/migrascope/migrascope/blob/main/docs/rules/lock-held-long.md');
    expect(lockHeld.defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('maps each finding to a result with level, message + fix, and a relative location', () => {
    const log = render();
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(makeReport().summary.errors + makeReport().summary.warnings + makeReport().summary.infos);
    expect(log.runs[0]!.columnKind).toBe('utf16CodeUnits');
    const rewrite = results.find((r) => r.ruleId === 'changing-column-type')!;
    expect(rewrite).toEqual({
      ruleId: 'changing-column-type',
      ruleIndex: 0,
      level: 'error',
      message: {
        text:
          'Changing the type of column "prix" on "café" rewrites the table and its indexes under an ACCESS EXCLUSIVE lock\n' +
          'Fix: Add a new column, backfill it in batches, then swap the names in one short transaction.',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: GOOSE_PATH, uriBaseId: '%SRCROOT%' },
            // `ALTER TABLE "café" ` is 19 UTF-16 units: the span starts at column 20.
            region: { startLine: 4, startColumn: 20, endLine: 4, endColumn: 56 },
          },
        },
      ],
      properties: { category: 'rewrite', origin: 'lint' },
    });
    expect(results.filter((r) => r.level === 'note').map((r) => r.ruleId)).toEqual(['prefer-text-field', 'prefer-identity']);
    expect(results.find((r) => r.ruleId === 'lock-held-long')!.message.text).toBe('ACCESS EXCLUSIVE on "users" was held for 1.8 s | 3 sessions waited');
    expect(results.find((r) => r.ruleId === 'disallow-unique-constraint')!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(MIGRATE_PATH);
  });

  it('gives a note about no file no location', () => {
    const note = render().runs[0]!.results!.find((r) => r.ruleId === 'unknown-rule')!;
    expect(note.locations).toBeUndefined();
    expect(note.level).toBe('warning');
  });

  it('writes paths as relative URI references', () => {
    expect(toRelativeUri('db\\migrations\\V1__init.sql')).toBe('db/migrations/V1__init.sql');
    expect(toRelativeUri('./db/my migrations/50%#1?.sql')).toBe('db/my%20migrations/50%25%231%3F.sql');
    expect(toRelativeUri('c:/x/é.sql')).toBe('c%3A/x/%C3%A9.sql');
    const report = makeReport();
    for (const f of report.files[0]!.findings) f.file = 'db/my migrations/é #1.sql';
    const log = render(report);
    expect(errorsOf(log)).toEqual([]);
    const rewrite = log.runs[0]!.results!.find((r) => r.ruleId === 'changing-column-type')!;
    expect(rewrite.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('db/my%20migrations/%C3%A9%20%231.sql');
  });

  it('renders an empty run when there are no findings', () => {
    const log = JSON.parse(renderSarif(reportWith([]))) as Log;
    expect(errorsOf(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toEqual([]);
  });

  it('locates query findings in the queries file, like any other file, and stays valid', () => {
    const log = JSON.parse(renderSarif(makeFullReport())) as Log;
    expect(errorsOf(log)).toEqual([]);
    const broken = log.runs[0]!.results!.find((r) => r.ruleId === 'run-query-broken')!;
    const span = spanOf(QUERIES_SOURCE, 'SELECT id, email FROM users ORDER BY id LIMIT 50;');
    expect(broken.level).toBe('error');
    expect(broken.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: QUERIES_PATH, uriBaseId: '%SRCROOT%' }, region: { startLine: span.line, startColumn: 1, endLine: span.line, endColumn: span.endColumn } } },
    ]);
    expect(broken.properties).toEqual({ category: 'compatibility', origin: 'run' });
    // Query plans and the schema diff are not findings: SARIF carries only what the findings say.
    expect(JSON.stringify(log)).not.toContain('Bitmap Heap Scan');
  });
});
