import { transactionStates } from '../src/analyze/transactions.js';
import { loadParser, parseSql } from '../src/parse/parse-sql.js';
import type { FormatName, TransactionMode } from '../src/report/types.js';

beforeAll(() => loadParser());

/** One letter per statement: F framework, I implicit block, E explicit BEGIN, - outside any transaction. */
function shape(sql: string, mode: TransactionMode, format: FormatName = 'plain'): string {
  const letters = { framework: 'F', implicit: 'I', explicit: 'E' } as const;
  return transactionStates(parseSql(sql).statements, mode, format)
    .map((s) => (s.source ? letters[s.source] : '-'))
    .join('');
}

test.each([
  ['none: autocommit, explicit BEGIN … COMMIT', 'SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;', 'none', 'plain', '-EEE-'],
  ['per-file: everything in the framework transaction', 'SELECT 1; SELECT 2;', 'per-file', 'goose', 'FF'],
  ['per-file: a nested BEGIN changes nothing; COMMIT ends it early (goose: then autocommit)', 'SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;', 'per-file', 'goose', 'FFFF-'],
  ['per-file, file sent as one query (diesel): after COMMIT, an implicit block', 'SELECT 1; COMMIT; SELECT 2; SELECT 3;', 'per-file', 'diesel', 'FFII'],
  ['implicit: one block; the file’s own BEGIN/COMMIT', 'SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;', 'implicit', 'golang-migrate', 'IEEEI'],
  ['implicit: a single statement is not a transaction block', 'CREATE INDEX CONCURRENTLY i ON t (a);', 'implicit', 'golang-migrate', '-'],
  ['COMMIT AND CHAIN keeps a transaction open', 'BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT; SELECT 3;', 'none', 'plain', 'EEEEE-'],
] as const)('%s', (_, sql, mode, format, expected) => {
  expect(shape(sql, mode, format)).toBe(expected);
});

test('statements of one transaction share an id; a chained transaction gets a new one', () => {
  const states = transactionStates(parseSql('BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT;').statements, 'none');
  expect(states.map((s) => s.id)).toEqual([1, 1, 1, 2, 2]);
});
