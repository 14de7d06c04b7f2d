import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { renderJson } from '../../src/report/render-json.js';
import type { Report } from '../../src/report/types.js';
import { makeReport } from './report-fixture.js';

// CommonJS packages: under NodeNext the default import is `module.exports`, whose `.default` is the export we want.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('renderJson', () => {
  it('renders a report that validates against schema/report.schema.json', () => {
    const out = renderJson(makeReport(), {});
    expect(errorsOf(JSON.parse(out))).toEqual([]);
  });

  it('round-trips: parsing the output gives back the report', () => {
    const report = makeReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const out = renderJson(makeReport());
    expect(out.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "migrascope",')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('writes keys in the documented order whatever order the objects were built in', () => {
    const report = makeReport();
    const scrambled = JSON.parse(
      JSON.stringify(report, function (this: unknown, _key, value: unknown) {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          return Object.fromEntries(Object.entries(value).reverse());
        }
        return value;
      }),
    ) as Report;
    expect(Object.keys(scrambled)[0]).toBe('run'); // the scrambling did scramble
    const out = renderJson(scrambled);
    expect(out).toBe(renderJson(report));
    expect(Object.keys(JSON.parse(out))).toEqual(['schemaVersion', 'tool', 'pgVersion', 'files', 'notes', 'summary', 'run']);
    const parsed = JSON.parse(out) as Report;
    expect(Object.keys(parsed.files[0]!)).toEqual(['path', 'format', 'transaction', 'statements', 'findings']);
    expect(Object.keys(parsed.files[0]!.statements[0]!)).toEqual([
      'index', 'line', 'column', 'endLine', 'endColumn', 'kind', 'sql', 'execution',
    ]);
    expect(Object.keys(parsed.files[0]!.findings[0]!)).toEqual([
      'ruleId', 'category', 'severity', 'origin', 'line', 'column', 'endLine', 'endColumn',
      'statementIndex', 'file', 'message', 'fix', 'docsUrl', 'confirmedByRun',
    ]);
  });

  it('drops fields that are not part of the contract', () => {
    const report = makeReport() as Report & { extra?: unknown };
    report.extra = 'x';
    (report.files[0]!.findings[0] as unknown as Record<string, unknown>).internal = 1;
    const parsed = JSON.parse(renderJson(report));
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.files[0].findings[0]).not.toHaveProperty('internal');
  });

  it('writes execution and run facts in their documented shape, valid against the schema', () => {
    const report = makeReport();
    const execution = {
      durationMs: 12.5,
      rowsAffected: 0,
      error: null,
      locks: [{ relation: 'public.orders', mode: 'ShareLock', heldMs: 12.5 }],
      rewrites: [],
      blocked: { readsMs: 0, writesMs: 11.9 },
      plan: null,
    };
    report.files[0]!.statements[0]!.execution = execution;
    report.run = { server: 'PostgreSQL 17.10 (embedded)', database: 'embedded', baseFiles: 3, durationMs: 2100, timeToFirstStatementMs: 1500, status: 'completed', seed: { tables: 2, rows: 2000, durationMs: 40, notes: [{ table: 'public.t', message: 'capped' }] }, error: null };
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.files[0].statements[0].execution).toEqual(execution);
    expect(parsed.run).toEqual(report.run);
    expect(errorsOf(parsed)).toEqual([]);
    parsed.files[0].statements[0].execution.locks[0].mode = 'SHARE';
    expect(errorsOf(parsed)).not.toEqual([]);
  });
});

describe('schema/report.schema.json', () => {
  const valid = (): Record<string, any> => JSON.parse(renderJson(makeReport()));

  it.each<[string, (r: Record<string, any>) => void, string]>([
    ['a bad severity', (r) => (r.files[0].findings[0].severity = 'fatal'), '/files/0/findings/0/severity'],
    ['a bad category', (r) => (r.notes[0].category = 'security'), '/notes/0/category'],
    ['a bad origin', (r) => (r.notes[0].origin = 'ci'), '/notes/0/origin'],
    ['a bad format', (r) => (r.files[1].format = 'alembic'), '/files/1/format'],
    ['a bad transaction mode', (r) => (r.files[1].transaction = 'always'), '/files/1/transaction'],
    ['an unknown top-level field', (r) => (r.extra = true), ''],
    ['an unknown finding field', (r) => (r.files[0].findings[0].hint = 'x'), '/files/0/findings/0'],
    ['a missing finding field', (r) => delete r.files[0].findings[0].docsUrl, '/files/0/findings/0'],
    ['a 0-based line', (r) => (r.files[0].findings[0].line = 0), '/files/0/findings/0/line'],
    ['a string execution', (r) => (r.files[0].statements[0].execution = 'ran'), '/files/0/statements/0/execution'],
    ['an array run', (r) => (r.run = []), '/run'],
    ['another schema version', (r) => (r.schemaVersion = 2), '/schemaVersion'],
    ['a negative count', (r) => (r.summary.errors = -1), '/summary/errors'],
    ['a docsUrl that is not a URL', (r) => (r.files[0].findings[0].docsUrl = 'not a url'), '/files/0/findings/0/docsUrl'],
  ])('rejects %s', (_name, spoil, path) => {
    const report = valid();
    expect(errorsOf(report)).toEqual([]);
    spoil(report);
    const errors = errorsOf(report);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith(`${path} `))).toBe(true);
  });
});

describe('schema/report.schema.json against types.ts', () => {
  it('lists the same formats and severities as the types', async () => {
    const { FORMAT_NAMES, SEVERITIES } = await import('../../src/report/types.js');
    expect(schema.$defs.format.enum).toEqual(FORMAT_NAMES);
    expect(schema.$defs.severity.enum).toEqual(SEVERITIES);
  });
});
