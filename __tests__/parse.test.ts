import { loadParser, parseSql } from '../src/parse/parse-sql.js';

beforeAll(() => loadParser());

const brief = (sql: string) =>
  parseSql(sql).statements.map((s) => ({ kind: s.kind, at: `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`, sql: s.sql }));

describe('parseSql', () => {
  test('statements carry 1-based positions without leading comments or the semicolon', () => {
    expect(brief('-- add a column\nALTER TABLE users ADD COLUMN x int;\n\n  CREATE INDEX i ON t (a);')).toEqual([
      { kind: 'AlterTableStmt', at: '2:1-2:35', sql: 'ALTER TABLE users ADD COLUMN x int' },
      { kind: 'IndexStmt', at: '4:3-4:26', sql: 'CREATE INDEX i ON t (a)' },
    ]);
  });

  test('columns count UTF-16 units although libpg-query counts UTF-8 bytes', () => {
    // 'é' is 2 bytes and 1 unit; '😀' is 4 bytes and 2 units.
    const [, second] = parseSql("SELECT 'é😀';  ALTER TABLE t ADD c int;").statements;
    expect(`${second.line}:${second.column}`).toBe('1:16');
    expect(second.sql).toBe('ALTER TABLE t ADD c int');
  });

  test('one bad statement does not hide the others, and the error points where Postgres says', () => {
    const parsed = parseSql('CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN;\nCREATE INDEX i ON a (id);');
    expect(parsed.statements.map((s) => s.kind)).toEqual(['CreateStmt', 'IndexStmt']);
    expect(parsed.syntaxErrors).toHaveLength(1);
    expect(parsed.syntaxErrors[0]).toMatchObject({ line: 2, column: 25, message: 'syntax error at or near ";"' });
  });

  test('a missing semicolon is reported at the statement Postgres trips on', () => {
    const parsed = parseSql('CREATE UNIQUE INDEX u ON t (a)\nALTER TABLE t ADD b int;\nSELECT 1;');
    expect(parsed.syntaxErrors.map((e) => [e.line, e.column, e.message])).toEqual([[2, 1, 'syntax error at or near "ALTER"']]);
    expect(parsed.statements.map((s) => s.kind)).toEqual(['SelectStmt']);
  });

  test('semicolons inside BEGIN ATOMIC bodies and dollar quotes do not split statements', () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;',
      "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;",
      'SELEC broken;',
    ].join('\n');
    const parsed = parseSql(sql);
    expect(parsed.statements.map((s) => s.kind)).toEqual(['CreateFunctionStmt', 'CreateFunctionStmt']);
    expect(parsed.syntaxErrors.map((e) => e.line)).toEqual([3]);
  });

  test('an unterminated string is one syntax error, not a crash', () => {
    const parsed = parseSql("SELECT 1;\nSELECT 'abc");
    expect(parsed.syntaxErrors).toHaveLength(1);
    expect(parsed.syntaxErrors[0].line).toBe(2);
  });

  test.each(['', '   \n\n', '-- only a comment\n', '/* block */'])('empty or comment-only input %j has no statements and no errors', (sql) => {
    const parsed = parseSql(sql);
    expect(parsed.statements).toEqual([]);
    expect(parsed.syntaxErrors).toEqual([]);
  });

  test('template placeholders are replaced by same-length identifiers, so positions stay exact', () => {
    const parsed = parseSql('ALTER TABLE ${schema}.users ADD COLUMN é int;\nSELECT {{ .Value }};');
    expect(parsed.syntaxErrors).toEqual([]);
    expect(parsed.placeholders.map((p) => p.text)).toEqual(['${schema}', '{{ .Value }}']);
    expect(parsed.statements[0].sql).toBe('ALTER TABLE ${schema}.users ADD COLUMN é int');
    expect(parsed.statements[0].node.relation.schemaname).toBe('_________');
    expect(parsed.statements[1].line).toBe(2);
  });

  test('placeholders are left alone when the file parses as it is', () => {
    const parsed = parseSql("INSERT INTO t VALUES ('${not_a_placeholder}');");
    expect(parsed.placeholders).toEqual([]);
    expect(parsed.statements).toHaveLength(1);
  });

  test('comments before a statement are attached to it', () => {
    const [first, second] = parseSql('-- a\nSELECT 1; -- b\n/* c */ SELECT 2;').statements;
    expect(first.leadingComments.map((c) => c.text)).toEqual(['-- a']);
    expect(second.leadingComments.map((c) => c.text)).toEqual(['-- b', '/* c */']);
  });
});

test('comments are found around statements that follow a syntax error', async () => {
  const parsed = parseSql('SELECT 1;\nSELEC 2;\n-- migrascope-ignore x: y\nCREATE INDEX i ON t (a) -- trailing\n;\n/* end */');
  expect(parsed.statements.map((s) => [s.sql, s.leadingComments.map((c) => c.text)])).toEqual([
    ['SELECT 1', []],
    ['CREATE INDEX i ON t (a)', ['-- migrascope-ignore x: y']],
  ]);
  expect(parsed.comments.map((c) => c.text)).toEqual(['-- migrascope-ignore x: y', '-- trailing', '/* end */']);
});

test('a last statement without a semicolon ends before its trailing comment', () => {
  const [stmt] = parseSql("SELECT '--not a comment' -- real comment\n").statements;
  expect(stmt.sql).toBe("SELECT '--not a comment'");
});
