import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadParser } from '../src/parse/parse-sql.js';
import { ALL_RULES } from '../src/rules/index.js';
import { BUILTIN_FINDINGS } from '../src/analyze/builtin-findings.js';
import { RUN_FINDINGS } from '../src/run/findings.js';
import { lintFixture } from './helpers/lint-fixture.js';

const root = process.cwd();
const REQUIRED_HEADINGS = ['## Problem', '## Solution', '## Examples', '## Options'];

beforeAll(() => loadParser());

/** ```sql blocks under a `### Bad` / `### Good` heading of a docs page. */
function examples(markdown: string, heading: 'Bad' | 'Good'): string[] {
  const section = markdown.split(/^### /m).find((part) => part.startsWith(heading));
  if (!section) return [];
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

test('the rule registry and README table are generated from the current rules', () => {
  expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});

test('rule ids are unique, kebab-case and match their file names', () => {
  const files = readdirSync(join(root, 'src/rules')).filter((f) => f.endsWith('.ts') && f !== 'define.ts' && f !== 'index.ts');
  expect(ALL_RULES.map((r) => `${r.meta.id}.ts`).sort()).toEqual(files.sort());
  for (const r of ALL_RULES) expect(r.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
});

describe.each(ALL_RULES.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const docPath = join(root, 'docs/rules', `${id}.md`);

  test('has fixtures and a docs page with the required headings', () => {
    expect(existsSync(join(root, '__tests__/rules', id, 'bad.sql'))).toBe(true);
    expect(existsSync(join(root, '__tests__/rules', id, 'good.sql'))).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    for (const h of REQUIRED_HEADINGS) expect(doc).toContain(`\n${h}\n`);
  });

  test('meta is complete: imperative description, a fix, messages', () => {
    expect(rule.meta.description).toMatch(/^[A-Z]/);
    expect(rule.meta.description.endsWith('.')).toBe(false);
    expect(rule.meta.fix.length).toBeGreaterThan(10);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
  });

  test('docs examples: every Bad example is reported, no Good example is', () => {
    const doc = readFileSync(docPath, 'utf8');
    const bad = examples(doc, 'Bad');
    const good = examples(doc, 'Good');
    expect(bad.length).toBeGreaterThan(0);
    expect(good.length).toBeGreaterThan(0);
    for (const sql of bad) expect({ sql, count: lintFixture(sql, rule).length > 0 }).toEqual({ sql, count: true });
    for (const sql of good) expect({ sql, findings: lintFixture(sql, rule) }).toEqual({ sql, findings: [] });
  });
});

test.each([...Object.keys(BUILTIN_FINDINGS), ...Object.keys(RUN_FINDINGS)])('built-in or measured finding %s has a docs page', (id) => {
  const doc = readFileSync(join(root, 'docs/rules', `${id}.md`), 'utf8');
  expect(doc.startsWith(`# ${id}\n`)).toBe(true);
  expect(doc).toContain('\n## Problem\n');
  expect(doc).toContain('\n## Solution\n');
});
