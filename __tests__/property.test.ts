import fc from 'fast-check';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { lintSql } from '../src/analyze/lint-sql.js';
import { configureRules } from '../src/analyze/configure-rules.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { ALL_RULES } from '../src/rules/index.js';
import type { TransactionMode } from '../src/report/types.js';

beforeAll(() => loadParser());

// Every rule, opt-in ones too: the property is that nothing throws, whatever is enabled.
const everyRule = () => configureRules(ALL_RULES, Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, 'on' as const])));

/** Real migration statements to mutate: the rule fixtures and examples. */
function seedStatements(): string[] {
  const dirs = [join(process.cwd(), '__tests__/rules'), join(process.cwd(), 'examples/migrations'), join(process.cwd(), 'examples/base')];
  const texts: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) for (const f of readdirSync(join(dir, entry.name))) texts.push(readFileSync(join(dir, entry.name, f), 'utf8'));
      else if (entry.name.endsWith('.sql')) texts.push(readFileSync(join(dir, entry.name), 'utf8'));
    }
  }
  return texts.flatMap((t) => t.split(';')).map((s) => s.trim()).filter(Boolean);
}

const FRAGMENTS = [
  'ALTER TABLE', 'users', '"Quoted Name"', 'app.orders', 'ADD COLUMN', 'DROP COLUMN', 'ALTER COLUMN', 'TYPE', 'bigint',
  'varchar(10)', 'numeric(5,2)', 'SET NOT NULL', 'DEFAULT', 'now()', 'random()', 'NOT NULL', 'CREATE INDEX',
  'CONCURRENTLY', 'ON', '(', ')', ',', ';', 'BEGIN', 'COMMIT', 'UPDATE', 'SET', 'WHERE', 'id', '=', '1', "'x'",
  'CHECK', 'NOT VALID', 'REFERENCES', 'PRIMARY KEY', 'UNIQUE', 'USING INDEX', 'RENAME TO', 'DROP TABLE', 'CASCADE',
  'TRUNCATE', 'REINDEX', 'VACUUM FULL', '$$', '--', '/*', '*/', '${x}', '{{ .y }}', 'é', '😀', '\n', ' ',
];

const transactions: TransactionMode[] = ['none', 'per-file', 'implicit'];

function assertWellFormed(sql: string, transaction: TransactionMode, pgVersion: number): void {
  const result = lintSql(sql, { rules: everyRule(), transaction, pgVersion });
  expect(Array.isArray(result.findings)).toBe(true);
  for (const f of result.findings) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(f.endLine).toBeGreaterThanOrEqual(f.line);
    expect(typeof f.message).toBe('string');
    // A failing rule is reported as internal-error, which the property also forbids: rules must not throw.
    expect(f.ruleId).not.toBe('internal-error');
  }
}

test('random token soup never throws and always yields well-formed findings', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }),
      fc.constantFrom(...transactions),
      fc.integer({ min: 10, max: 18 }),
      (tokens, transaction, pg) => assertWellFormed(tokens.join(' '), transaction, pg),
    ),
    { numRuns: 400 },
  );
});

test('mutated real statements never throw', () => {
  const seeds = seedStatements();
  expect(seeds.length).toBeGreaterThan(10);
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 6 })), { maxLength: 4 }),
      fc.constantFrom(...transactions),
      (seed, edits, transaction) => {
        let sql = seed;
        for (const [at, del, insert] of edits) {
          const i = sql.length ? at % sql.length : 0;
          sql = sql.slice(0, i) + insert + sql.slice(i + del);
        }
        assertWellFormed(`${sql};\n${seed};`, transaction, 17);
      },
    ),
    { numRuns: 400 },
  );
});

test('arbitrary unicode text never throws', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => assertWellFormed(text, 'none', 17)), { numRuns: 300 });
});
