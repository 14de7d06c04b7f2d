import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { renderJson } from '../../src/report/render-json.js';
import type { Report } from '../../src/report/types.js';
import { makeFullReport, makeReport } from './report-fixture.js';

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
    expect(Object.keys(scrambled)[0]).toBe('schemaDiff'); // the scrambling did scramble
    const out = renderJson(scrambled);
    expect(out).toBe(renderJson(report));
    expect(Object.keys(JSON.parse(out))).toEqual(['schemaVersion', 'tool', 'pgVersion', 'files', 'notes', 'summary', 'run', 'queries', 'schemaDiff']);
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
    // Fields the pipeline may leave out are written as null: every key of the contract is always there.
    expect(parsed.files[0].statements[0].execution).toEqual({ ...execution, estimate: null });
    expect(parsed.run).toEqual({ ...report.run, productionRowsFrom: null });
    expect(errorsOf(parsed)).toEqual([]);
    parsed.files[0].statements[0].execution.locks[0].mode = 'SHARE';
    expect(errorsOf(parsed)).not.toEqual([]);
  });
});

describe('renderJson with estimates, query plans and a schema diff', () => {
  it('renders a report with every new field that validates against the schema', () => {
    const parsed = JSON.parse(renderJson(makeFullReport()));
    expect(errorsOf(parsed)).toEqual([]);
    expect(parsed.queries.map((q: { verdict: string }) => q.verdict)).toEqual(['same', 'improved', 'changed', 'regressed', 'regressed']);
    expect(parsed.schemaDiff).toHaveLength(7);
    expect(parsed.run.productionRowsFrom).toBe('stats file db/prod-stats.json');
  });

  it('round-trips: parsing the output gives back the report', () => {
    const report = makeFullReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('writes the new objects in their documented key order whatever order they were built in', () => {
    const report = makeFullReport();
    const scrambled = JSON.parse(
      JSON.stringify(report, function (this: unknown, _key, value: unknown) {
        if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).reverse());
        return value;
      }),
    ) as Report;
    const out = renderJson(scrambled);
    // The raw EXPLAIN JSON is passed through as it is, so only compare the rest with the unscrambled rendering.
    const withoutPlans = (json: string) => {
      const r = JSON.parse(json);
      for (const q of r.queries) for (const side of [q.before, q.after]) if (side) side.plan = null;
      return JSON.stringify(r, null, 2);
    };
    expect(withoutPlans(out)).toBe(withoutPlans(renderJson(report)));
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed.run)).toEqual(['server', 'database', 'baseFiles', 'durationMs', 'timeToFirstStatementMs', 'status', 'seed', 'productionRowsFrom', 'error']);
    const execution = parsed.files[0].statements[0].execution;
    expect(Object.keys(execution)).toEqual(['durationMs', 'rowsAffected', 'error', 'locks', 'rewrites', 'blocked', 'plan', 'estimate']);
    expect(Object.keys(execution.estimate)).toEqual(['table', 'rows', 'measuredRows', 'measuredMs', 'durationMs', 'lockHeldMs', 'blocked', 'method']);
    expect(Object.keys(parsed.queries[0])).toEqual(['name', 'file', 'line', 'sql', 'before', 'after', 'change', 'verdict']);
    expect(Object.keys(parsed.queries[0].before)).toEqual(['shape', 'indexes', 'cost', 'ms', 'plan', 'error']);
    expect(Object.keys(parsed.queries[4].after.error)).toEqual(['sqlstate', 'message']);
    expect(Object.keys(parsed.schemaDiff[0])).toEqual(['kind', 'name', 'change', 'before', 'after']);
  });

  it('includes the raw EXPLAIN JSON of each plan, as Postgres gave it', () => {
    const report = makeFullReport();
    const raw = [{ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'users', 'Total Cost': 4210, Plans: [] }, 'Execution Time': 18.7 }];
    report.queries[3]!.after!.plan = raw;
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.queries[3].after.plan).toEqual(raw);
    expect(parsed.queries[4].after).toMatchObject({ plan: null, error: { sqlstate: '42703', message: 'column "email" does not exist' } });
    expect(errorsOf(parsed)).toEqual([]);
  });

  it('drops stray fields from the new objects', () => {
    const report = makeFullReport();
    (report.queries[0] as unknown as Record<string, unknown>).params = ['1'];
    (report.queries[0]!.before as unknown as Record<string, unknown>).internal = 1;
    (report.schemaDiff![0] as unknown as Record<string, unknown>).oid = 16384;
    (report.files[0]!.statements[0]!.execution!.estimate as unknown as Record<string, unknown>).fit = 'r²=0.99';
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.queries[0]).not.toHaveProperty('params');
    expect(parsed.queries[0].before).not.toHaveProperty('internal');
    expect(parsed.schemaDiff[0]).not.toHaveProperty('oid');
    expect(parsed.files[0].statements[0].execution.estimate).not.toHaveProperty('fit');
    expect(errorsOf(parsed)).toEqual([]);
  });

  it('writes queries: [] and schemaDiff: null for a report built without them', () => {
    const report = makeReport() as Partial<Report>;
    delete report.queries;
    delete report.schemaDiff;
    const parsed = JSON.parse(renderJson(report as Report));
    expect(parsed.queries).toEqual([]);
    expect(parsed.schemaDiff).toBeNull();
    expect(errorsOf(parsed)).toEqual([]);
  });

  it('keeps an empty schema diff (a completed run that changed nothing) apart from none (no run)', () => {
    const report = makeFullReport();
    report.schemaDiff = [];
    expect(JSON.parse(renderJson(report)).schemaDiff).toEqual([]);
  });
});

describe('schema/report.schema.json', () => {
  const valid = (): Record<string, any> => JSON.parse(renderJson(makeFullReport()));

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
    ['missing queries', (r) => delete r.queries, ''],
    ['missing schemaDiff', (r) => delete r.schemaDiff, ''],
    ['a queries object', (r) => (r.queries = {}), '/queries'],
    ['a schemaDiff string', (r) => (r.schemaDiff = 'none'), '/schemaDiff'],
    ['an unknown run field', (r) => (r.run.productionRows = 1), '/run'],
    ['a missing productionRowsFrom', (r) => delete r.run.productionRowsFrom, '/run'],
    ['a bad estimate method', (r) => (r.files[0].statements[0].execution.estimate.method = 'quadratic'), '/files/0/statements/0/execution'],
    ['an unknown estimate field', (r) => (r.files[0].statements[0].execution.estimate.r2 = 0.9), '/files/0/statements/0/execution'],
    ['a negative estimate', (r) => (r.files[0].statements[0].execution.estimate.durationMs = -1), '/files/0/statements/0/execution'],
    ['a missing estimate', (r) => delete r.files[0].statements[0].execution.estimate, '/files/0/statements/0/execution'],
    ['a bad verdict', (r) => (r.queries[0].verdict = 'worse'), '/queries/0/verdict'],
    ['an unknown query field', (r) => (r.queries[0].params = []), '/queries/0'],
    ['a 0-based query line', (r) => (r.queries[0].line = 0), '/queries/0/line'],
    ['an empty change line', (r) => (r.queries[0].change = ''), '/queries/0/change'],
    ['a plan without cost', (r) => delete r.queries[0].before.cost, '/queries/0/before'],
    ['an unknown plan field', (r) => (r.queries[0].after.rows = 1), '/queries/0/after'],
    ['a bad plan error', (r) => (r.queries[4].after.error = { sqlstate: 'oops', message: 'x' }), '/queries/4/after'],
    ['a bad schema change', (r) => (r.schemaDiff[0].change = 'renamed'), '/schemaDiff'],
    ['an unknown schema change field', (r) => (r.schemaDiff[0].oid = 1), '/schemaDiff'],
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

  it('lists the query verdicts the renderers know', async () => {
    const { VERDICTS } = await import('../../src/report/query-facts.js');
    expect([...schema.$defs.query.properties.verdict.enum].sort()).toEqual([...VERDICTS].sort());
  });

  it('describes every field of the estimate, query, plan and schema-change objects', () => {
    for (const def of ['estimate', 'query', 'queryPlan', 'schemaChange']) {
      for (const [name, property] of Object.entries(schema.$defs[def].properties as Record<string, { description?: string }>)) {
        expect([def, name, typeof property.description]).toEqual([def, name, 'string']);
      }
    }
    expect(typeof schema.properties.queries.description).toBe('string');
    expect(typeof schema.properties.schemaDiff.description).toBe('string');
    expect(typeof schema.properties.run.oneOf[1].properties.productionRowsFrom.description).toBe('string');
    expect(typeof schema.$defs.statement.properties.execution.oneOf[1].properties.estimate.description).toBe('string');
  });
});
