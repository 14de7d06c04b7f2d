import {
  DEFAULT_MARKDOWN_MAX_LENGTH,
  MARKDOWN_MARKER,
  markdownVerdict,
  renderMarkdown,
} from '../../src/report/render-markdown.js';
import { countSeverities, type FileReport, type Finding, type QueryReport, type Report, type SchemaChange } from '../../src/report/types.js';
import { makeFullReport, makeQueries, makeReport, plan, QUERIES_PATH, reportWith } from './report-fixture.js';

const FENCED = /^(`{3,})[^\n`]*\n[\s\S]*?\n\1$/gm;

function withoutFences(md: string): string {
  return md.replace(FENCED, '[fence]');
}

/** What a reader of the comment sees outside code: used to check escaping took. */
function outsideCode(md: string): string {
  return withoutFences(md);
}

function unescapedPipes(line: string): number {
  // `\\|` is an escaped backslash then a real pipe: drop escape pairs, then count.
  return line.replace(/\\./g, '').split('|').length - 1;
}

/**
 * Markup is whole: fences closed, details balanced, every row of a table has as many cells as its header (finding
 * tables four), marker and verdict first.
 */
function expectWellFormed(md: string): void {
  const lines = md.split('\n');
  expect(lines[0]).toBe(MARKDOWN_MARKER);
  expect(lines[1]).toMatch(/^### (❌|⚠️|✅) migrascope: /);
  expect(md.endsWith('\n')).toBe(true);
  const rest = withoutFences(md);
  expect(rest).not.toMatch(/^```/m);
  expect(rest.match(/<details>/g)?.length ?? 0).toBe(rest.match(/<\/details>/g)?.length ?? 0);
  let header: string | null = null;
  for (const line of rest.split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    header ??= line;
    expect([line, unescapedPipes(line)]).toEqual([line, unescapedPipes(header)]);
    if (/^\| \| (Line|Where) \| Rule \| Finding \|$/.test(header)) expect(unescapedPipes(line)).toBe(5);
  }
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

describe('renderMarkdown with estimates, query plans and a schema diff', () => {
  it('renders the full fixture report', () => {
    const md = renderMarkdown(makeFullReport());
    expectWellFormed(md);
    expect(md).toMatchSnapshot();
  });

  it('adds an "At production size" column to the measured table of a file with estimates, only there', () => {
    const md = renderMarkdown(makeFullReport());
    const [withEstimates, without] = md.split('<summary>Measured on').slice(1);
    expect(withEstimates).toContain('| Line | Statement | Lock | Held | Rewrite | Blocked | Time | At production size |');
    expect(withEstimates).toContain(
      '| 840 ms | ≈ 4.2 min at 80M rows (measured 840 ms at 300k), n·log n in public.orders · lock held ≈ 4.2 min · blocked reads ≈ 0.0 ms / writes ≈ 4.2 min |',
    );
    expect(withEstimates).toContain('| 1.3 s | ≈ 31.3 s at 2.5M rows (measured 1.3 s at 100k), linear in public."café" · lock held ≈ 31.3 s |');
    expect(withEstimates).toMatch(/\| 0\.8 ms \| — \|\n/);
    expect(without).toContain('| Line | Statement | Lock | Held | Rewrite | Blocked | Time |\n');
    expect(without).not.toContain('At production size');
  });

  it('names where the production row counts came from in the footer', () => {
    expect(renderMarkdown(makeFullReport())).toContain(' · estimates (≈) for production row counts from stats file db/prod-stats.json</sub>');
  });

  it('has a compact query table, regressed first, with costs, times when analyzed and the change', () => {
    const md = renderMarkdown(makeFullReport());
    const rows = md.split('\n').filter((l) => /^\| (🔴|🟡|🟢|⚪) /.test(l));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(['users\\_by\\_email', 'user\\_emails', 'orders\\_per\\_day', 'orders\\_by\\_customer', 'users\\_by\\_id']);
    expect(md).toContain('#### Query plans\n<sub>5 queries planned on the seeded data before and after the migrations (EXPLAIN ANALYZE): 2 regressed, 1 changed, 1 improved, 1 same.</sub>');
    expect(md).toContain('| | Query | Plan before → after | Cost | Time | Change |');
    expect(rows[0]).toBe(
      '| 🔴 regressed | users\\_by\\_email | Index Scan using users\\_lower\\_email\\_idx on public.users → Seq Scan on public.users | 8.31 → 4,210 | 0.1 ms → 19 ms | Index Scan using users\\_lower\\_email\\_idx → Seq Scan, cost 8.31 → 4,210 (×507) |',
    );
    expect(rows[1]).toBe('| 🔴 regressed | user\\_emails | Limit › Index Scan using users\\_pkey on public.users → fails (42703) | 3.1 → — | 0.0 ms → — | fails: column "email" does not exist |');
    expect(rows[4]).toBe('| ⚪ same | users\\_by\\_id | Index Scan using users\\_pkey on public.users | 8.29 → 8.29 | 0.0 ms → 0.1 ms | unchanged |');
  });

  it('leaves the time column out without --analyze-queries', () => {
    const report = makeFullReport();
    for (const q of report.queries) for (const p of [q.before, q.after]) if (p) p.ms = null;
    const md = renderMarkdown(report);
    expect(md).toContain('| | Query | Plan before → after | Cost | Change |\n|:--|:--|:--|--:|:--|\n');
    expect(md).not.toContain('EXPLAIN ANALYZE');
    expect(md).toContain('| ⚪ same | users\\_by\\_id | Index Scan using users\\_pkey on public.users | 8.29 → 8.29 | unchanged |');
    expectWellFormed(md);
  });

  it('folds the full plans of changed and regressed queries away, and only theirs', () => {
    const md = renderMarkdown(makeFullReport());
    const details = /<details>\n<summary>Plans of 3 changed queries, before and after<\/summary>\n\n([\s\S]*?)\n\n<\/details>/.exec(md)?.[1] ?? '';
    expect(details).toContain('🔴 **users\\_by\\_email** · db/queries.sql:7\n\n```text\nbefore (cost 8.31, 0.1 ms):\n  Index Scan using users_lower_email_idx on public.users\nafter (cost 4,210, 19 ms):\n  Seq Scan on public.users\n```');
    expect(details).toContain('after: fails: 42703 column "email" does not exist\n```');
    expect(details).toContain('🟡 **orders\\_per\\_day**');
    expect(details).not.toContain('orders\\_by\\_customer');
    expect(details).not.toContain('users\\_by\\_id');
  });

  it('folds the schema changes away as a diff', () => {
    const md = renderMarkdown(makeFullReport());
    expect(md).toContain(
      [
        '<details>\n<summary>Schema changes: 4 added, 2 dropped, 1 changed</summary>\n\n````diff',
        '+ table public.audit_log',
        '+ column public.audit_log.id integer NOT NULL',
        "+ column public.orders.note character varying(255) DEFAULT '``` fences | pipes <b>bold</b> & @someone'",
        '+ index public.idx_orders_customer CREATE INDEX idx_orders_customer ON public.orders USING btree (customer_id)',
        '- index public.users_lower_email_idx',
        '- column public.users.email',
        '~ column public."café".prix: integer → numeric(12,2)',
        '````\n\n</details>',
      ].join('\n'),
    );
  });

  it('shows query findings about the queries file where they are, not as a migration', () => {
    const md = renderMarkdown(makeFullReport());
    expect(md).toContain(`| ❌ | ${QUERIES_PATH}:10 | [run-query-broken](https://github.com/migrascope/migrascope/blob/main/docs/rules/run-query-broken.md) | Query "user\\_emails" plans before the migrations but fails after them: column "email" does not exist |`);
    expect(md).toContain(`❌ **${QUERIES_PATH}:10 · run-query-broken**: Deploy the application change`);
    expect(md).not.toContain(`#### ${QUERIES_PATH}`);
  });

  it('leaves the new sections out when there is nothing to show', () => {
    const report = makeFullReport();
    report.queries = [];
    report.schemaDiff = [];
    const md = renderMarkdown(report);
    expect(md).not.toContain('Query plans');
    expect(md).not.toContain('Schema changes');
  });

  describe('with names from a PR author', () => {
    const hostile = (): Report => {
      const report = makeFullReport();
      const q = report.queries[3]!;
      q.name = 'q|1 <img src=x onerror=alert(1)> @someone #12 `x` [a](javascript:alert(1)) *b*\nnext';
      q.change = 'Seq Scan on "</details>" | @org/team';
      q.file = 'db/@someone|<b>.sql';
      q.before!.shape = ['Index Scan using "```" on public."<script>"'];
      q.after!.shape = ['Seq Scan on public."a\n```\n</details>\n@someone"'];
      const s = report.schemaDiff!;
      s[0]!.name = 'public."``` @someone </details> |"';
      s[1]!.after = "text DEFAULT '\n````\n</details>\n@someone'";
      report.run!.productionRowsFrom = 'stats file @someone/<b>x</b>.json';
      return report;
    };

    it('stays well formed', () => {
      expectWellFormed(renderMarkdown(hostile()));
    });

    it('escapes names, changes and shapes outside code and keeps them in their fences inside', () => {
      const md = renderMarkdown(hostile());
      const visible = outsideCode(md);
      expect(visible).not.toMatch(/@[A-Za-z0-9]/);
      expect(visible).not.toMatch(/(?<!&)#\d/);
      expect(visible).not.toMatch(/<(img|script|b)\b/);
      expect(visible).not.toMatch(/(?<!\\)\]\(javascript:/);
      expect(visible).toContain('| 🔴 regressed | q\\|1 &lt;img src=x onerror=alert(1)&gt; @&#8203;someone #&#8203;12 \\`x\\` \\[a\\](javascript:alert(1)) \\*b\\* next |');
      expect(visible).toContain('| Seq Scan on "&lt;/details&gt;" \\| @&#8203;org/team |');
      expect(visible).toContain('· db/@&#8203;someone\\|&lt;b&gt;.sql:7');
      expect(visible).toContain('stats file @&#8203;someone/&lt;b&gt;x&lt;/b&gt;.json</sub>');
      // The plan and the schema diff are code: their text is shown as is, on one line each, inside a longer fence.
      expect(md).toContain('  Seq Scan on public."a ``` </details> @someone"\n```');
      expect(md).toContain('````diff\n+ table public."``` @someone </details> |"\n');
      expect(md).toContain("+ column public.audit_log.id text DEFAULT ' ```` </details> @someone'\n");
      expect(md).toMatch(/^`{5}diff$/m);
    });
  });

  describe('when the report is too big for one comment', () => {
    function queriesOf(count: number): QueryReport[] {
      const kinds = makeQueries();
      return Array.from({ length: count }, (_, i) => {
        const q = structuredClone(kinds[i % kinds.length]!);
        q.name = `${q.name}_${i}_with_a_long_name_for_padding`;
        return q;
      });
    }
    function schemaOf(count: number): SchemaChange[] {
      return Array.from({ length: count }, (_, i) => ({
        kind: 'index',
        name: `public.idx_${i}_with_a_long_name_for_padding`,
        change: i % 3 === 0 ? 'dropped' : i % 3 === 1 ? 'added' : 'changed',
        before: i % 3 === 1 ? null : `CREATE INDEX idx_${i} ON public.t USING btree (a, b, c)`,
        after: i % 3 === 0 ? null : `CREATE INDEX idx_${i} ON public.t USING btree (a, b, c, d)`,
      }));
    }
    const findingRows = (md: string) => md.split('\n').filter((l) => /^\| (❌|⚠️|ℹ️) \| /.test(l)).length;
    const queryRows = (md: string) => md.split('\n').filter((l) => /^\| (🔴|🟡|🟢|⚪) /.test(l)).length;
    const schemaLines = (md: string) => /````?diff\n([\s\S]*?)\n`{3,}\n/.exec(md)?.[1]?.split('\n').length ?? 0;

    it('stays under the default limit with thousands of queries and schema changes, keeping every finding', () => {
      const report = makeFullReport();
      report.queries = queriesOf(5000);
      report.schemaDiff = schemaOf(5000);
      const md = renderMarkdown(report);
      expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_MAX_LENGTH);
      expectWellFormed(md);
      expect(md.split('\n')[1]).toBe(renderMarkdown(makeFullReport()).split('\n')[1]);
      expect(findingRows(md)).toBe(findingRows(renderMarkdown(makeFullReport())));
      // Regressed first: what is left of the query table is what matters most.
      expect(md).toContain('| 🔴 regressed |');
      expect(md).not.toContain('| ⚪ same |');
      expect(md).toMatch(/…and 4,?9\d\d more queries \(\d+ regressed, 1000 changed, 1000 improved, 1000 same\), not listed\./);
      expect(md).toMatch(/…and 4,?9\d\d more \(see the JSON report\)\./);
      expect(md).toContain('Shortened to fit GitHub\'s comment size limit: query plan details, schema changes past the first');
    });

    it('shrinks plan details, then schema changes, then query rows, before SQL and findings', () => {
      const report = makeFullReport();
      report.queries = queriesOf(60);
      report.schemaDiff = schemaOf(200);

      const full = renderMarkdown(report, { maxLength: 1e9 });
      expectWellFormed(full);
      expect(full).toContain('<summary>Plans of 36 changed queries, before and after</summary>');
      expect(full).toContain('…and 16 more changed queries (see the JSON report).');
      expect([queryRows(full), schemaLines(full)]).toEqual([60, 200]);
      const findings = findingRows(full);

      const noDetails = renderMarkdown(report, { maxLength: full.length - 1 });
      expect(noDetails).toContain("Shortened to fit GitHub's comment size limit: query plan details are left out.");
      expect(noDetails).not.toContain('<summary>Plans of');
      expect([queryRows(noDetails), schemaLines(noDetails)]).toEqual([60, 200]);

      const fewerSchema = renderMarkdown(report, { maxLength: noDetails.length - 1 });
      expect(fewerSchema).toContain('query plan details and schema changes past the first 50 are left out.');
      expect([queryRows(fewerSchema), schemaLines(fewerSchema)]).toEqual([60, 50]);
      expect(fewerSchema).toContain('…and 150 more (see the JSON report).');

      const fewerQueries = renderMarkdown(report, { maxLength: fewerSchema.length - 1 });
      expect(fewerQueries).toContain('query plan details, schema changes past the first 50 and queries past the first 25 are left out.');
      expect([queryRows(fewerQueries), schemaLines(fewerQueries)]).toEqual([25, 50]);
      expect(fewerQueries).toContain('…and 35 more queries (11 changed, 12 improved, 12 same), not listed.');
      expect(fewerQueries.split('\n').filter((l) => l.startsWith('| 🔴 regressed')).length).toBe(24);
      expect(fewerQueries).toContain('```sql');

      const noSql = renderMarkdown(report, { maxLength: fewerQueries.length - 1 });
      expect(noSql).toContain('queries past the first 25 and SQL snippets are left out.');
      expect(noSql).not.toContain('```sql');

      const least = renderMarkdown(report, { maxLength: noSql.length - 1 });
      expect([queryRows(least), schemaLines(least)]).toEqual([10, 10]);
      expect(least).toContain('<summary>ℹ️ 1 info</summary>');

      const infosAsCounts = renderMarkdown(report, { maxLength: least.length - 1 });
      expect(infosAsCounts).toContain('SQL snippets and info findings are left out.');

      for (const md of [full, noDetails, fewerSchema, fewerQueries, noSql, least]) {
        expectWellFormed(md);
        expect(findingRows(md)).toBe(findings);
      }
      expect(findingRows(infosAsCounts)).toBeLessThan(findings);
    });

    it('keeps one line of query and schema counts when only counts fit', () => {
      const report = makeFullReport();
      report.queries = queriesOf(50);
      report.schemaDiff = schemaOf(30);
      const md = renderMarkdown(report, { maxLength: 1500 });
      expect(md).toContain('only counts per file are shown.');
      expect(md).toContain('Query plans: 50 queries: 20 regressed, 10 changed, 10 improved, 10 same.<br>\nSchema changes: 10 added, 10 dropped, 10 changed.');
      expect(md.length).toBeLessThanOrEqual(1500);
      expectWellFormed(md);
    });
  });
});
