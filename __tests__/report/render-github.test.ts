import { jest } from '@jest/globals';
import * as core from '@actions/core';
import { formatAnnotation, renderGithub } from '../../src/report/render-github.js';
import type { Finding } from '../../src/report/types.js';
import { escapeCommandData, escapeCommandProperty } from '../../src/report/workflow-command.js';
import { GOOSE_PATH, makeFullReport, makeReport, QUERIES_PATH, reportWith } from './report-fixture.js';

function baseFinding(overrides: Partial<Finding> = {}): Finding {
  return { ...makeReport().files[0]!.findings[1]!, ...overrides };
}

/** What @actions/core itself writes for an annotation, captured from stdout. */
function coreAnnotation(kind: 'error' | 'warning' | 'notice', message: string, props: core.AnnotationProperties): string {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    core[kind](message, props);
  } finally {
    spy.mockRestore();
  }
  return writes.join('').replace(/\r?\n$/, '');
}

/** `::name k=v,k=v::data` → parts, so property order does not matter when comparing with @actions/core. */
function parseCommand(line: string): { name: string; props: Record<string, string>; data: string } {
  const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
  const props = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string]));
  return { name: match[1]!, props, data: match[3]! };
}

/** The runner's decoding, for reading back what a reader would see. */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

describe('renderGithub', () => {
  it('writes one command per finding, errors first, then warnings, then notices', () => {
    const report = makeReport();
    const lines = renderGithub(report).trimEnd().split('\n');
    const total = report.summary.errors + report.summary.warnings + report.summary.infos;
    expect(lines).toHaveLength(total);
    const kinds = lines.map((l) => parseCommand(l).name);
    expect(kinds).toEqual([
      ...Array(report.summary.errors).fill('error'),
      ...Array(report.summary.warnings).fill('warning'),
      ...Array(report.summary.infos).fill('notice'),
    ]);
    // Within one severity: report order (notes, then files), by position within a file.
    expect(lines.slice(0, 2).map((l) => parseCommand(l).props.title)).toEqual([
      'migrascope require-concurrent-index',
      'migrascope changing-column-type',
    ]);
  });

  it('formats a finding exactly', () => {
    const f = baseFinding();
    expect(formatAnnotation(f)).toBe(
      `::error file=${GOOSE_PATH},line=3,col=1,endLine=3,endColumn=57,title=migrascope require-concurrent-index::` +
        'Creating index "idx_orders_customer" on existing table "orders" blocks writes until it is built' +
        '%0Afix: Use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction (-- +goose NO TRANSACTION).' +
        '%0Adocs: https://github.com/migrascope/migrascope/blob/main/docs/rules/require-concurrent-index.md',
    );
  });

  it('leaves out file and position for a note about no file, and columns for a multi-line span', () => {
    const report = makeReport();
    const note = formatAnnotation(report.notes[0]!);
    expect(note.startsWith('::warning title=migrascope unknown-rule::Rule ')).toBe(true);
    const multiLine = parseCommand(formatAnnotation(baseFinding({ line: 3, endLine: 5, column: 4, endColumn: 2 })));
    expect(multiLine.props).toEqual({ file: GOOSE_PATH, line: '3', endLine: '5', title: 'migrascope require-concurrent-index' });
  });

  it('maps info to ::notice', () => {
    expect(formatAnnotation(baseFinding({ severity: 'info' }))).toMatch(/^::notice /);
  });

  it('returns an empty string when there is nothing to report', () => {
    expect(renderGithub(reportWith([]))).toBe('');
  });

  it('escapes exactly as @actions/core does', () => {
    const nasty = 'a%b\r\nc:d,e 100%25 done::x';
    const f = baseFinding({ message: nasty, fix: null, docsUrl: null, file: 'db/a,b:c%.sql', ruleId: 'x:y,z' });
    const ours = parseCommand(formatAnnotation(f));
    const theirs = parseCommand(
      coreAnnotation('error', nasty, {
        title: 'migrascope x:y,z',
        file: 'db/a,b:c%.sql',
        startLine: f.line,
        endLine: f.endLine,
        startColumn: f.column,
        endColumn: f.endColumn,
      }),
    );
    expect(ours).toEqual(theirs);
    expect(ours.data).toBe('a%25b%0D%0Ac:d,e 100%2525 done::x');
    expect(ours.props.file).toBe('db/a%2Cb%3Ac%25.sql');
    expect(escapeCommandData('%\r\n')).toBe('%25%0D%0A');
    expect(escapeCommandProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
  });

  it('cannot be made to issue another workflow command by text from a PR', () => {
    const attacks = [
      'ok\n::set-output name=x::y',
      'ok\r::add-mask::secret',
      'ok\r\n::stop-commands::token',
      '\n::error file=evil.sql::fake',
    ];
    const findings = attacks.map((message, i) =>
      baseFinding({ message, fix: `${message} again`, file: `db/${i}\n::add-mask::secret.sql`, ruleId: `r${i}` }),
    );
    const out = renderGithub(reportWith(findings));
    const lines = out.split(/\r\n|\r|\n/).filter(Boolean);
    expect(lines).toHaveLength(attacks.length);
    for (const line of lines) expect(line).toMatch(/^::error file=db\/\d%0A%3A%3Aadd-mask%3A%3Asecret\.sql,line=/);
    expect(out).not.toMatch(/^\s*::(set-output|add-mask|stop-commands)/m);
    // …and the reader still sees the original text.
    expect(unescapeData(parseCommand(lines[0]!).data).startsWith(attacks[0]!)).toBe(true);
  });

  it('annotates query findings on the queries file', () => {
    const lines = renderGithub(makeFullReport()).trimEnd().split('\n');
    const broken = lines.map(parseCommand).find((c) => c.props.title === 'migrascope run-query-broken')!;
    expect(broken.name).toBe('error');
    expect(broken.props).toMatchObject({ file: QUERIES_PATH, line: '10', col: '1', endLine: '10', endColumn: '50' });
    expect(unescapeData(broken.data)).toMatch(/^Query "user_emails" plans before the migrations but fails after them: column "email" does not exist\nfix: Deploy/);
    expect(lines).toHaveLength(makeFullReport().summary.errors + makeFullReport().summary.warnings + makeFullReport().summary.infos);
  });
});
