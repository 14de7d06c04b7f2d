import { readFileSync } from 'node:fs';
import { ConfigError } from '../../src/config.js';
import { loadParser } from '../../src/parse/parse-sql.js';
import { readQueries } from '../../src/queries/read-queries.js';
import { highestParameter, splitTopLevel } from '../../src/queries/sql-text.js';

beforeAll(() => loadParser());

function errorOf(text: string): string {
  try {
    readQueries(text, 'q.sql');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('named blocks with params, descriptions and a file header', () => {
  const text = `-- Queries the app runs.

-- name: user_by_email :one
-- The login lookup.
-- params: 'a,b@example.com', 42, '2024-01-01'::date, NULL
SELECT id FROM users
WHERE email = $1 AND id > $2 AND created_at > $3 AND deleted_at IS NOT DISTINCT FROM $4;

-- name: count-users
SELECT count(*) FROM users
`;
  expect(readQueries(text, 'q.sql')).toEqual([
    {
      name: 'user_by_email',
      sql: 'SELECT id FROM users\nWHERE email = $1 AND id > $2 AND created_at > $3 AND deleted_at IS NOT DISTINCT FROM $4',
      params: ["'a,b@example.com'", '42', "'2024-01-01'::date", 'NULL'],
      file: 'q.sql',
      line: 3,
    },
    { name: 'count-users', sql: 'SELECT count(*) FROM users', params: null, file: 'q.sql', line: 9 },
  ]);
});

test('params: quotes, escapes, brackets and casts keep their commas', () => {
  const [q] = readQueries(`-- name: q\n-- params: 'it''s, fine', E'a\\', b', ARRAY[1, 2], (1, 2)::text, '{"a": [1, 2]}'::jsonb\nSELECT $1, $2, $3, $4, $5\n`, 'q.sql');
  expect(q.params).toEqual(["'it''s, fine'", "E'a\\', b'", 'ARRAY[1, 2]', '(1, 2)::text', `'{"a": [1, 2]}'::jsonb`]);
});

test('aiosql operator suffixes and CRLF line ends', () => {
  const specs = readQueries('-- name: create-user<!\r\n-- params: 1\r\nINSERT INTO users (id) VALUES ($1)\r\n-- name: one-user^\r\nSELECT 1\r\n', 'q.sql');
  expect(specs.map((s) => [s.name, s.params, s.sql, s.line])).toEqual([
    ['create-user', ['1'], 'INSERT INTO users (id) VALUES ($1)', 1],
    ['one-user', null, 'SELECT 1', 4],
  ]);
});

test('parameters inside strings, comments, dollar quotes and identifiers are not parameters', () => {
  expect(highestParameter(`SELECT '$3', "$4", $$ $5 $$, $tag$ $6 $tag$, a$7 -- $8\n /* $9 /* $10 */ */ FROM t WHERE x = $2 AND y = $1`)).toBe(2);
  expect(highestParameter(`SELECT E'\\' $3' , $1`)).toBe(1);
  expect(splitTopLevel(`'a,b', f(1, 2), 3`).map((i) => i.text.trim())).toEqual([`'a,b'`, 'f(1, 2)', '3']);
});

test('the example queries file reads', () => {
  const specs = readQueries(readFileSync('examples/queries.sql', 'utf8'), 'examples/queries.sql');
  expect(specs.map((s) => s.name)).toEqual(['orders_of_user', 'new_orders', 'user_profile']);
});

test.each([
  ['a duplicate name', '-- name: a\nSELECT 1;\n\n-- name: a\nSELECT 2;\n', 'q.sql:4: duplicate query name "a" (first defined at line 1); every query needs its own name'],
  ['a name with no SQL', '-- name: a\n-- only words\n\n-- name: b\nSELECT 1;\n', 'q.sql:1: query "a" has no SQL; expected a statement after "-- name: a"'],
  ['two statements', '-- name: a\nSELECT 1;\nSELECT 2;\n', 'q.sql:3: query "a" holds 2 statements; a "-- name:" block takes one (the second begins here)'],
  ['SQL that does not parse', '-- name: a\nSELECT 1\nFROM WHERE;\n', 'q.sql:3: query "a" does not parse: syntax error at or near "WHERE"'],
  ['fewer params than parameters', "-- name: a\n-- params: 1\nSELECT $1, $2;\n", 'q.sql:2: "-- params:" gives 1 value but query "a" uses $1 … $2'],
  ['params for a query without parameters', "-- name: a\n-- params: 1, 2\nSELECT 1;\n", 'q.sql:2: "-- params:" gives 2 values but query "a" has no $n parameters'],
  ['a gap in the parameters', '-- name: a\nSELECT $1, $3;\n', 'q.sql:2: query "a" uses $3 but not $2; PostgreSQL cannot tell the type of a parameter the query does not use'],
  ['params that are not values', "-- name: a\n-- params: 1; DROP TABLE users\nSELECT $1;\n", 'q.sql:2: "-- params:" of query "a" "1; DROP TABLE users" is not a list of SQL values'],
  ['an empty value', "-- name: a\n-- params: 1,, 2\nSELECT $1, $2, $3;\n", 'q.sql:2: "-- params:" of query "a": value 2 is empty'],
  ['params after the SQL', '-- name: a\nSELECT $1\n-- params: 1\n', 'q.sql:3: "-- params:" of query "a" comes after its SQL'],
  ['two params lines', '-- name: a\n-- params: 1\n-- params: 2\nSELECT $1\n', 'q.sql:3: second "-- params:" for query "a" (the first is at line 2)'],
  ['SQL before the first name', 'SELECT 1;\n-- name: a\nSELECT 2;\n', 'q.sql:1: SQL before the first "-- name:" marker: "SELECT 1;"'],
  ['a statement EXPLAIN does not plan', '-- name: a\nCREATE TABLE t (id int);\n', 'q.sql:2: query "a" is a CreateStmt; expected SELECT, INSERT, UPDATE, DELETE or MERGE'],
  ['a marker without a name', '-- name:\nSELECT 1;\n', 'q.sql:1: "-- name:" without a name'],
  ['text after the name', '-- name: a b c\nSELECT 1;\n', 'q.sql:1: unexpected "b c" after query name "a"'],
])('%s is an error at file:line', (_, text, message) => {
  expect(errorOf(text)).toContain(message);
});
