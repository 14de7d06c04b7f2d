import { renderText } from '../../src/report/render-text.js';
import { excerpt } from '../../src/report/source-excerpt.js';
import type { Finding } from '../../src/report/types.js';
import { GOOSE_PATH, GOOSE_SOURCE, makeFullReport, makeReport, reportWith, SOURCES, spanOf } from './report-fixture.js';

function oneFinding(overrides: Partial<Finding> = {}): Finding {
  return { ...makeReport().files[0]!.findings[0]!, ...overrides };
}

describe('renderText', () => {
  it('renders the fixture report', () => {
    expect(renderText(makeReport(), { sources: SOURCES })).toMatchSnapshot();
  });

  it('prints `path:line:col  severity  rule-id  message`, sorted by position within a file', () => {
    const out = renderText(makeReport());
    const heads = out.split('\n').filter((l) => l.startsWith(`${GOOSE_PATH}:`));
    expect(heads).toEqual([
      `${GOOSE_PATH}:3:1  error    require-concurrent-index  Creating index "idx_orders_customer" on existing table "orders" blocks writes until it is built`,
      `${GOOSE_PATH}:3:1  warning  require-lock-timeout  No lock_timeout is set before the first statement that takes a strong lock: while it waits, every query on the table queues behind it`,
      `${GOOSE_PATH}:4:20  error    changing-column-type  Changing the type of column "prix" on "café" rewrites the table and its indexes under an ACCESS EXCLUSIVE lock`,
      `${GOOSE_PATH}:5:36  info     prefer-text-field  Column "note" uses varchar(255); text with a CHECK constraint can be changed later without a rewrite`,
    ]);
  });

  it('shows the source line with a marker under the span, counting columns in UTF-16 units', () => {
    const lines = renderText(makeReport(), { sources: SOURCES }).split('\n');
    const at = lines.findIndex((l) => l.includes('changing-column-type  Changing'));
    expect(lines[at + 1]).toBe('  4 | ALTER TABLE "café" ALTER COLUMN prix TYPE numeric(12,2);');
    expect(lines[at + 2]).toBe(`    | ${' '.repeat('ALTER TABLE "café" '.length)}^${'~'.repeat('ALTER COLUMN prix TYPE numeric(12,2)'.length - 1)}`);
    expect(lines[at + 3]).toBe('  fix: Add a new column, backfill it in batches, then swap the names in one short transaction.');
    expect(lines[at + 4]).toBe('  docs: https://github.com/migrascope/migrascope/blob/main/docs/rules/changing-column-type.md');
  });

  it('prints no source line without sources, or when the file is not among them', () => {
    for (const options of [{}, { sources: new Map([['other.sql', GOOSE_SOURCE]]) }]) {
      const out = renderText(makeReport(), options);
      expect(out).not.toMatch(/^\s+\d+ \| /m);
      expect(out).not.toContain('^~');
      expect(out).toContain('  fix: Add a new column');
    }
  });

  it('ends with a summary line', () => {
    expect(renderText(makeReport()).trimEnd().split('\n').pop()).toBe('2 errors, 4 warnings, 2 infos in 2 files');
    expect(renderText(reportWith([oneFinding()])).trimEnd().split('\n').pop()).toBe('1 error, 0 warnings, 0 infos in 1 file');
    const clean = makeReport();
    for (const f of clean.files) f.findings = [];
    clean.notes = [];
    clean.summary = { errors: 0, warnings: 0, infos: 0 };
    expect(renderText(clean)).toBe('No problems found in 2 files\n');
  });

  it('leaves out files without findings but counts them', () => {
    const report = makeReport();
    report.files[1]!.findings = [];
    report.summary = { errors: 2, warnings: 2, infos: 1 };
    const out = renderText(report);
    expect(out).not.toContain('migrations/000002_users_email.up.sql');
    expect(out).toContain('in 2 files');
  });

  it('lists notes about no file under Notes', () => {
    const out = renderText(makeReport());
    expect(out).toContain('\nNotes\n(no file)  warning  unknown-rule  Rule "require-concurrent-idx"');
  });

  it('uses ANSI colours only when asked', () => {
    expect(renderText(makeReport(), { sources: SOURCES })).not.toContain('\u001b');
    const coloured = renderText(makeReport(), { sources: SOURCES, color: true });
    expect(coloured).toContain('\u001b[31merror  \u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderText(makeReport(), { sources: SOURCES }));
  });

  it('keeps a second line of a fix under the first', () => {
    const out = renderText(reportWith([oneFinding({ fix: 'First this.\nThen that.' })]));
    expect(out).toContain('  fix: First this.\n       Then that.\n');
  });

  it('shows control characters from the PR instead of passing them to the terminal', () => {
    const source = 'SELECT 1;\nALTER TABLE t\u202e ADD x int; -- \u001b[2J\n';
    const f = oneFinding({ message: 'bad \u001b[31mred\u001b[0m\nnext', fix: 'x\u0007', ...spanOf(source, 'ADD x int') });
    const report = reportWith([f]);
    const out = renderText(report, { sources: new Map([[f.file, source]]) });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('bad ␛[31mred␛[0m next');
    expect(out).toContain('  2 | ALTER TABLE t\ufffd ADD x int; -- ␛[2J');
    expect(out).toContain(`    | ${' '.repeat('ALTER TABLE t\u202e '.length)}^~~~~~~~`);
  });

  it('cannot be made to print a line the Actions runner would read as a command', () => {
    const f = oneFinding({
      file: '::add-mask::secret.sql',
      message: 'x\n::set-output name=a::b',
      fix: 'y\n  ::add-mask::z\n##[set-output name=a;]b',
    });
    const report = reportWith([f]);
    report.files[0]!.path = '::warning::fake.sql';
    const out = renderText(report);
    expect(out).not.toMatch(/^[\s\u0085]*(::|##\[)/m);
    expect(out).toContain('\u200b::warning::fake.sql');
  });
});

describe('renderText with estimates, query plans and a schema diff', () => {
  it('renders the full fixture report', () => {
    expect(renderText(makeFullReport(), { sources: SOURCES })).toMatchSnapshot();
  });

  it('prints each estimate right under its statement\'s measured row, lock held and blocked traffic included', () => {
    const lines = renderText(makeFullReport()).split('\n');
    const index = lines.findIndex((l) => /^ {2}3 +CREATE INDEX idx_orders_customer/.test(l));
    expect(lines[index + 1]).toBe(
      '        ≈ 4.2 min at 80M rows (measured 840 ms at 300k), n·log n in public.orders · lock held ≈ 4.2 min · blocked reads ≈ 0.0 ms / writes ≈ 4.2 min',
    );
    const rewrite = lines.findIndex((l) => /^ {2}4 +ALTER TABLE "café"/.test(l));
    expect(lines[rewrite + 1]).toBe('        ≈ 31.3 s at 2.5M rows (measured 1.3 s at 100k), linear in public."café" · lock held ≈ 31.3 s');
    // Statement 2 ran without an estimate: the next line is the next file, not an estimate.
    const plain = lines.findIndex((l) => /^ {2}5 +ALTER TABLE orders ADD COLUMN note/.test(l));
    expect(lines[plain + 1]).toBe('');
    expect(lines.filter((l) => l.includes('≈') && l.includes('rows (measured'))).toHaveLength(2);
  });

  it('says where the production row counts came from in the run section', () => {
    const out = renderText(makeFullReport());
    expect(out).toContain('Seeded 500,000 rows into 3 tables in 2.1 s before the checked files ran.\nEstimates (≈) are for production row counts from stats file db/prod-stats.json.\n');
    const without = makeFullReport();
    without.run!.productionRowsFrom = null;
    expect(renderText(without)).not.toContain('Estimates (≈)');
  });

  it('lists the queries one line each, regressed first, with the plans of regressed ones', () => {
    const out = renderText(makeFullReport());
    const section = out.slice(out.indexOf('Query plans'), out.indexOf('Schema changes'));
    expect(section.trimEnd().split('\n')).toEqual([
      'Query plans  (5 queries: 2 regressed, 1 changed, 1 improved, 1 same)',
      '  ✗ regressed  users_by_email      Index Scan using users_lower_email_idx → Seq Scan, cost 8.31 → 4,210 (×507)  (db/queries.sql:7)',
      '      before (cost 8.31, 0.1 ms):',
      '        Index Scan using users_lower_email_idx on public.users',
      '      after (cost 4,210, 19 ms):',
      '        Seq Scan on public.users',
      '  ✗ regressed  user_emails         fails: column "email" does not exist  (db/queries.sql:9)',
      '      before (cost 3.1, 0.0 ms):',
      '        Limit',
      '          ->  Index Scan using users_pkey on public.users',
      '      after: fails: 42703 column "email" does not exist',
      '  ~ changed    orders_per_day      HashAggregate → GroupAggregate, cost 2,410 → 2,655 (×1.1)  (db/queries.sql:5)',
      '  ✓ improved   orders_by_customer  Seq Scan → Bitmap Index Scan on idx_orders_customer, cost 18,334 → 96.5  (db/queries.sql:3)',
      '  = same       users_by_id         unchanged  (db/queries.sql:1)',
    ]);
  });

  it('says when a query was not planned after the migrations (the run broke)', () => {
    const report = makeFullReport();
    report.queries[3]!.after = null;
    expect(renderText(report)).toContain('      after: not planned\n');
  });

  it('lists schema changes compactly and caps them', () => {
    const out = renderText(makeFullReport());
    expect(out).toContain(
      [
        'Schema changes  (4 added, 2 dropped, 1 changed)',
        '  + table public.audit_log',
        '  + column public.audit_log.id integer NOT NULL',
      ].join('\n'),
    );
    expect(out).toContain('\n  - index public.users_lower_email_idx\n  - column public.users.email\n  ~ column public."café".prix: integer → numeric(12,2)\n');

    const many = makeFullReport();
    many.schemaDiff = Array.from({ length: 100 }, (_, i) => ({ kind: 'column', name: `public.t.c${i}`, change: 'added' as const, before: null, after: 'text' }));
    const capped = renderText(many);
    expect(capped).toContain('  + column public.t.c39 text\n  … and 60 more (see the JSON report)\n');
    expect(capped).not.toContain('public.t.c40');
  });

  it('leaves the new sections out when there is nothing to show', () => {
    const report = makeFullReport();
    report.queries = [];
    report.schemaDiff = [];
    const out = renderText(report);
    expect(out).not.toContain('Query plans');
    expect(out).not.toContain('Schema changes');
  });

  it('keeps names from the PR on one line, with controls visible and no workflow commands', () => {
    const report = makeFullReport();
    const q = report.queries[3]!;
    q.name = 'evil\n::add-mask::x\u001b[2J';
    q.change = 'a\r\n##[warning]b';
    q.after!.shape = ['Seq Scan on public."t\n::error::x"'];
    report.schemaDiff![0]!.name = 'public."a\n::set-output name=x::y\u202e"';
    report.run!.productionRowsFrom = 'stats file x\n::warning::y';
    const out = renderText(report);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(out).not.toMatch(/^[\s\u0085]*(::|##\[)/m);
    expect(out).toContain('✗ regressed  evil ::add-mask::x␛[2J');
    expect(out).toContain('  + table public."a ::set-output name=x::y\ufffd"');
  });
});

describe('excerpt', () => {
  it('aligns the marker after tabs and multi-unit characters', () => {
    const source = '\tSELECT "😀", \t"é" FROM t;';
    const shown = excerpt(source, spanOf(source, 'FROM'))!;
    expect(shown.text).toBe(source);
    // The emoji is two UTF-16 units (columns) but one code point (marker position).
    expect(shown.marker).toBe('\t' + ' '.repeat('SELECT "😀", '.length - 1) + '\t' + ' '.repeat('"é" '.length) + '^~~~');
  });

  it('marks a multi-line span to the end of its first line, and an empty span with one caret', () => {
    const source = 'ALTER TABLE t\n  ADD x int;';
    expect(excerpt(source, spanOf(source, 'TABLE t\n  ADD'))!.marker).toBe(`      ^${'~'.repeat('TABLE t'.length - 1)}`);
    expect(excerpt(source, { line: 1, column: 14, endLine: 1, endColumn: 14 })!.marker).toBe(`${' '.repeat(13)}^`);
    expect(excerpt(source, { line: 3, column: 1, endLine: 3, endColumn: 2 })).toBeNull();
  });

  it('cuts long lines to a window around the span', () => {
    const source = `${'a'.repeat(300)}TARGET${'b'.repeat(300)}`;
    const shown = excerpt(source, spanOf(source, 'TARGET'))!;
    expect(Array.from(shown.text).length).toBe(122);
    expect(shown.text.startsWith('…')).toBe(true);
    expect(shown.text.endsWith('…')).toBe(true);
    expect(shown.text.indexOf('TARGET')).toBe(shown.marker.indexOf('^'));
    expect(shown.marker.trim()).toBe('^~~~~~');
  });
});
