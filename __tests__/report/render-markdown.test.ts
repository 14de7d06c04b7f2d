import {
  DEFAULT_MARKDOWN_MAX_LENGTH,
  MARKDOWN_MARKER,
  markdownVerdict,
  renderMarkdown,
} from '../../src/report/render-markdown.js';
import { countSeverities, type FileReport, type Finding, type Report } from '../../src/report/types.js';
import { makeReport, reportWith } from './report-fixture.js';

const FENCED = /^(`{3,})[^\n`]*\n[\s\S]*?\n\1$/gm;

function withoutFences(md: string): string {
  return md.replace(FENCED, '[fence]');
}

/** What a reader of the comment sees outside code: used to check escaping took. */
function outsideCode(md: string): string {
  return withoutFences(md);
}

function unescapedPipes(line: string): number {
  return line.replace(/\\\|/g, '').split('|').length - 1;
}

/** Markup is whole: fences closed, details balanced, every table row has four cells, marker and verdict first. */
function expectWellFormed(md: string): void {
  const lines = md.split('\n');
  expect(lines[0]).toBe(MARKDOWN_MARKER);
  expect(lines[1]).toMatch(/^### (❌|⚠️|✅) migrascope: /);
  expect(md.endsWith('\n')).toBe(true);
  const rest = withoutFences(md);
  expect(rest).not.toMatch(/^```/m);
  expect(rest.match(/<details>/g)?.length ?? 0).toBe(rest.match(/<\/details>/g)?.length ?? 0);
  for (const line of rest.split('\n').filter((l) => l.startsWith('|'))) expect(unescapedPipes(line)).toBe(5);
}

function finding(i: number, severity: Finding['severity'], file = 'db/migrations/0001_big.sql'): Finding {
  return {
    ruleId: severity === 'info' ? 'prefer-identity' : 'require-concurrent-index',
    category: 'lock',
    severity,
    origin: 'lint',
    line: i + 1,
    column: 1,
    endLine: i + 1,
    endColumn: 40,
    statementIndex: i,
    file,
    message: `Creating index "idx_${i}" on existing table "t_${i}" blocks writes until it is built`,
    fix: 'Use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction.',
    docsUrl: `https://github.com/migrascope/migrascope/blob/main/docs/rules/require-concurrent-index.md`,
  };
}

function bigReport(count: number): Report {
  const findings = Array.from({ length: count }, (_, i) => finding(i, i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'info'));
  const report = reportWith(findings);
  report.files[0]!.path = 'db/migrations/0001_big.sql';
  report.files[0]!.statements = findings.map((f, i) => ({
    index: i, line: f.line, column: 1, endLine: f.line, endColumn: 40, kind: 'IndexStmt',
    sql: `CREATE INDEX idx_${i} ON t_${i} (c);`, execution: null,
  }));
  return report;
}

describe('renderMarkdown', () => {
  it('renders the fixture report', () => {
    const md = renderMarkdown(makeReport());
    expectWellFormed(md);
    expect(md).toMatchSnapshot();
  });

  it('starts with the hidden marker, then the verdict', () => {
    const md = renderMarkdown(makeReport());
    expect(md.startsWith(`${MARKDOWN_MARKER}\n### ❌ migrascope: 2 errors, 4 warnings, 2 infos\n`)).toBe(true);
  });

  it.each<[string, Finding['severity'][], string]>([
    ['errors', ['error', 'warning', 'info'], '### ❌ migrascope: 1 error, 1 warning, 1 info'],
    ['warnings only', ['warning', 'warning'], '### ⚠️ migrascope: 2 warnings'],
    ['infos only', ['info'], '### ✅ migrascope: No problems (1 info)'],
    ['nothing', [], '### ✅ migrascope: No problems'],
  ])('has a verdict for %s', (_name, severities, verdict) => {
    const report = reportWith(severities.map((s, i) => finding(i, s)));
    expect(markdownVerdict(report)).toBe(verdict);
    expect(renderMarkdown(report).split('\n')[1]).toBe(verdict);
  });

  it('has a heading per file with findings and a table row per finding', () => {
    const md = renderMarkdown(makeReport());
    expect(md).toContain('#### db/migrations/20240105120000\\_orders.sql\n<sub>goose · transaction: per-file</sub>');
    expect(md).toContain(
      '| ❌ | 4 | [changing-column-type](https://github.com/migrascope/migrascope/blob/main/docs/rules/changing-column-type.md) | Changing the type of column "prix" on "café" rewrites the table and its indexes under an ACCESS EXCLUSIVE lock |',
    );
    expect(md).toContain('| ⚠️ | — | unknown-rule | Rule "require-concurrent-idx" in the configuration does not exist');
  });

  it('gives the safe recipe for each finding, with the statement SQL once per statement', () => {
    const md = renderMarkdown(makeReport());
    expect(md).toContain('❌ **Line 4 · changing-column-type**: Add a new column, backfill it in batches, then swap the names in one short transaction.\n\n```sql\nALTER TABLE "café" ALTER COLUMN prix TYPE numeric(12,2)\n```');
    // Statement 0 has two findings; statement 2 of the second file has two as well.
    expect(md.split('CREATE INDEX idx_orders_customer ON orders (customer_id)\n').length - 1).toBe(1);
    expect(md.split('ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)\n').length - 1).toBe(1);
  });

  it('folds info findings into <details>', () => {
    const md = renderMarkdown(makeReport());
    const details = md.match(/<details>\n<summary>ℹ️ 1 info<\/summary>\n\n[\s\S]*?\n\n<\/details>/g) ?? [];
    expect(details).toHaveLength(2);
    expect(details[0]).toContain('prefer-text-field');
    expect(details[1]).toContain('prefer-identity');
    const outsideDetails = md.replace(/<details>[\s\S]*?<\/details>/g, '');
    expect(outsideDetails).not.toContain('prefer-identity');
  });

  describe('with text from a PR author', () => {
    const hostile = (): Report => {
      const report = makeReport();
      const f = report.files[0]!.findings[0]!;
      f.message = 'col "a|b" <img src=x onerror=alert(1)> & @someone @org/team #123 [x](javascript:alert(1)) *bold* $x$ `c`\nnext';
      f.fix = 'see @someone | <script>';
      f.docsUrl = 'https://example.com/a(b)|c<d>';
      report.files[1]!.findings[0]!.docsUrl = 'javascript:alert(1)';
      report.files[0]!.path = 'db/<b>x</b>|@someone.sql';
      report.files[0]!.statements[1]!.sql = 'SELECT \'`````\';\n```\n</details>\n@someone';
      return report;
    };

    it('stays well formed', () => {
      expectWellFormed(renderMarkdown(hostile()));
    });

    it('neutralises @mentions and issue references outside code', () => {
      const visible = outsideCode(renderMarkdown(hostile()));
      expect(visible).not.toMatch(/@[A-Za-z0-9]/);
      expect(visible).not.toMatch(/(?<!&)#\d/); // `&#8203;` is the neutraliser itself
      expect(visible).toContain('@&#8203;someone');
      expect(visible).toContain('@&#8203;org/team');
      expect(visible).toContain('#&#8203;123');
    });

    it('escapes HTML, pipes and markdown outside code', () => {
      const visible = outsideCode(renderMarkdown(hostile()));
      expect(visible).not.toMatch(/<(img|script|b)\b/);
      expect(visible).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; ');
      expect(visible).toContain('col "a\\|b"');
      expect(visible).toContain('\\[x\\](javascript:alert(1)) \\*bold\\* \\$x\\$ \\`c\\` next');
      expect(visible).toContain('#### db/&lt;b&gt;x&lt;/b&gt;\\|@&#8203;someone.sql');
    });

    it('links only http(s) docs URLs, encoded so they cannot break the link or the table', () => {
      const md = renderMarkdown(hostile());
      expect(md).toContain('[changing-column-type](https://example.com/a%28b%29%7Cc%3Cd%3E)');
      expect(md).toContain('| ⚠️ | 3 | disallow-unique-constraint |');
      expect(md).not.toMatch(/(?<!\\)\]\(javascript:/); // the escaped `\](javascript:` in the message is inert
    });

    it('puts SQL in a fence longer than any backtick run in it', () => {
      const md = renderMarkdown(hostile());
      expect(md).toContain("``````sql\nSELECT '`````';\n```\n</details>\n@someone\n``````");
    });
  });

  describe('when the report is too big for one comment', () => {
    it('stays under the default limit with thousands of findings and keeps the verdict', () => {
      const report = bigReport(5000);
      const md = renderMarkdown(report);
      expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_MAX_LENGTH);
      expect(md.length).toBeLessThan(65_536);
      expect(md.split('\n')[1]).toBe('### ❌ migrascope: 1667 errors, 1667 warnings, 1666 infos');
      expectWellFormed(md);
      // The most severe findings of the file still come through, errors first, with the rest counted.
      expect(md).toMatch(/Each file shows its \d+ most severe findings/);
      expect(md).toContain('| ❌ |');
      expect(md).toMatch(/…and \d+ more findings in this file \(not listed\)\./);
    });

    it('degrades step by step: SQL first, then infos, then everything but counts', () => {
      const report = bigReport(60);
      const full = renderMarkdown(report, { maxLength: 1e9 });
      expect(full).toContain('```sql');
      expect(full).toContain('<details>');
      expectWellFormed(full);

      const noSql = renderMarkdown(report, { maxLength: full.length - 1 });
      expect(noSql.length).toBeLessThan(full.length);
      expect(noSql).toContain('SQL snippets are left out.');
      expect(noSql).not.toContain('```');
      expect(noSql).toContain('<details>');
      expectWellFormed(noSql);

      const infosAsCounts = renderMarkdown(report, { maxLength: noSql.length - 1 });
      expect(infosAsCounts).toContain('SQL snippets and info findings are left out.');
      expect(infosAsCounts).not.toContain('<details>');
      expect(infosAsCounts).toContain('ℹ️ 20 infos (not listed).');
      expect(infosAsCounts).toContain('| ❌ | 1 |');
      expectWellFormed(infosAsCounts);

      const mostSevere = renderMarkdown(report, { maxLength: infosAsCounts.length - 1 });
      expect(mostSevere).toContain('most severe findings');
      // Every error is kept; warnings fill what is left of the per-file cap.
      expect(mostSevere.match(/^\| ❌ \|/gm)).toHaveLength(20);
      expect((mostSevere.match(/^\| ⚠️ \|/gm) ?? []).length).toBeLessThan(20);
      expectWellFormed(mostSevere);

      const counts = renderMarkdown(report, { maxLength: 1200 });
      expect(counts).toContain('only counts per file are shown.');
      expect(counts).not.toContain('| ❌ | 1 |');
      expect(counts).toContain('| File | ❌ Errors | ⚠️ Warnings | ℹ️ Infos |');
      expectWellFormed(counts);

      for (const md of [full, noSql, infosAsCounts, mostSevere, counts]) expect(md.split('\n')[1]).toBe(full.split('\n')[1]);
    });

    it('drops whole rows when even the counts per file do not fit', () => {
      const files: FileReport[] = Array.from({ length: 3000 }, (_, i) => ({
        path: `db/migrations/${String(i).padStart(5, '0')}_a_rather_long_migration_name_for_padding.sql`,
        format: 'plain',
        transaction: 'per-file',
        statements: [],
        findings: [finding(0, 'error', `db/migrations/${i}.sql`)],
      }));
      const report: Report = { ...makeReport(), files, notes: [], summary: countSeverities(files.flatMap((f) => f.findings)) };
      const md = renderMarkdown(report);
      expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_MAX_LENGTH);
      expectWellFormed(md);
      const rows = md.split('\n').filter((l) => l.startsWith('| db/migrations/'));
      expect(rows.length).toBeGreaterThan(100);
      expect(rows.length).toBeLessThan(3000);
      expect(md).toContain(`…and ${3000 - rows.length} more rows not shown.`);
      expect(md.trimEnd().endsWith('3000 migration files checked · static analysis only</sub>')).toBe(true);
    });

    it('keeps at least the marker and the verdict when the limit is tiny', () => {
      const md = renderMarkdown(makeReport(), { maxLength: 10 });
      expect(md.split('\n').slice(0, 2)).toEqual([MARKDOWN_MARKER, '### ❌ migrascope: 2 errors, 4 warnings, 2 infos']);
      expect(md).not.toContain('|');
    });

    it('cuts a very long statement in its snippet, inside the fence', () => {
      const report = makeReport();
      report.files[0]!.statements[1]!.sql = Array.from({ length: 400 }, (_, i) => `INSERT INTO t VALUES (${i});`).join('\n');
      const md = renderMarkdown(report);
      expect(md).toContain('INSERT INTO t VALUES (24);\n-- … 375 more lines\n```');
      expect(md).not.toContain('VALUES (25)');
      expectWellFormed(md);
    });
  });
});
