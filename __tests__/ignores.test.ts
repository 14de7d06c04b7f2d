import { lintSql } from '../src/analyze/lint-sql.js';
import { configureRules } from '../src/analyze/configure-rules.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { ALL_RULES } from '../src/rules/index.js';

beforeAll(() => loadParser());

const rules = () => configureRules(ALL_RULES.filter((r) => r.meta.id === 'require-concurrent-index'));
const ids = (sql: string) => lintSql(sql, { rules: rules() }).findings.map((f) => `${f.line} ${f.ruleId}`);

test('an ignore comment silences the named rule on the next statement only', () => {
  const sql = ['-- migrascope-ignore require-concurrent-index: tiny table', 'CREATE INDEX a ON t (x);', 'CREATE INDEX b ON t (y);'].join('\n');
  expect(ids(sql)).toEqual(['3 require-concurrent-index']);
});

test('an ignore-file comment silences the rule everywhere in the file', () => {
  const sql = ['CREATE INDEX a ON t (x);', '-- migrascope-ignore-file require-concurrent-index', 'CREATE INDEX b ON t (y);'].join('\n');
  expect(ids(sql)).toEqual([]);
});

test('block comments and several ids work; an ignore that suppresses nothing is reported', () => {
  const sql = [
    '/* migrascope-ignore require-concurrent-index, unbatched-backfill: reviewed */',
    'CREATE INDEX a ON t (x);',
    '-- migrascope-ignore require-concurrent-index: nothing to silence here',
    'ALTER TABLE t ADD COLUMN z text;',
  ].join('\n');
  const findings = lintSql(sql, { rules: rules() }).findings;
  expect(findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([
    '1 unused-ignore: migrascope-ignore for unbatched-backfill suppresses nothing in the statement after it; remove it or fix the rule id.',
    '3 unused-ignore: migrascope-ignore for require-concurrent-index suppresses nothing in the statement after it; remove it or fix the rule id.',
  ]);
});
