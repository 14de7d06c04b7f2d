import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParser, parseSql } from '../src/parse/parse-sql.js';
import { ALL_RULES } from '../src/rules/index.js';
import { describeFinding, lintFixture } from './helpers/lint-fixture.js';

const fixtures = join(process.cwd(), '__tests__/rules');

beforeAll(() => loadParser());

describe.each(ALL_RULES.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const dir = join(fixtures, id);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const base = () => (existsSync(join(dir, 'base.sql')) ? [read('base.sql')] : []);

  test('good.sql yields nothing from this rule', () => {
    expect(lintFixture(read('good.sql'), rule, base()).map(describeFinding)).toEqual([]);
  });

  test('bad.sql: exactly the statements marked `-- expect` are reported', () => {
    const sql = read('bad.sql');
    const findings = lintFixture(sql, rule, base());
    const expected = parseSql(sql)
      .statements.filter((s) => s.leadingComments.some((c) => /^--\s*expect\b/.test(c.text)))
      .map((s) => s.index);
    expect(expected.length).toBeGreaterThan(0);
    expect([...new Set(findings.map((f) => f.statementIndex))].sort((a, b) => a! - b!)).toEqual(expected);
    expect(findings.map(describeFinding)).toMatchSnapshot();
  });
});
