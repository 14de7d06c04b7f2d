import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import type { MigrationFile } from '../../src/discover/types.js';

const DIR = '__tests__/fixtures/discover/goose';

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, at).split('\n').length;
}

describe('goose', () => {
  let files: MigrationFile[];
  const byName = (name: string) => files.find((f) => f.path === `${DIR}/${name}`)!;

  beforeAll(async () => {
    files = await discoverMigrations([DIR], {}, nodeFs());
  });

  it('orders by numeric version and detects every file as goose', () => {
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.version, f.format])).toEqual([
      ['1_create_users.sql', '1', 'goose'],
      ['2_add_index.sql', '2', 'goose'],
      ['3_missing_up.sql', '3', 'goose'],
      ['10_envsub.sql', '10', 'goose'],
    ]);
  });

  it('keeps the Up section at its own positions and blanks markers and the Down section', () => {
    const f = byName('1_create_users.sql');
    expect(f.upSql.length).toBe(f.source.length);
    expect(f.upSql.split('\n').length).toBe(f.source.split('\n').length);
    expect(lineOf(f.upSql, 'CREATE TABLE users')).toBe(lineOf(f.source, 'CREATE TABLE users'));
    expect(lineOf(f.upSql, 'CREATE TABLE users')).toBe(3);
    expect(lineOf(f.upSql, 'CREATE FUNCTION touch()')).toBe(7);
    expect(f.upSql.indexOf('CREATE TABLE users')).toBe(f.source.indexOf('CREATE TABLE users'));
    expect(f.upSql).not.toContain('+goose');
    expect(f.upSql).not.toContain('DROP TABLE users');
    expect(f.upSql).not.toContain('Users and their trigger');
    expect(f.upSql.split('\n')[14]).toBe(''.padEnd('-- +goose Down'.length, ' '));
    expect(f.downSql).toBeNull();
    expect(f.isDown).toBe(false);
    expect(f.transaction).toBe('per-file');
    expect(f.notes).toEqual([]);
  });

  it('records StatementBegin/End blocks as UTF-8 byte ranges of upSql', () => {
    const f = byName('1_create_users.sql');
    expect(f.statementBlocks).toHaveLength(1);
    const [start, end] = f.statementBlocks![0]!;
    // The é in the comment above the block makes bytes and characters differ.
    expect(start).toBe(Buffer.byteLength(f.upSql.slice(0, f.upSql.indexOf('CREATE FUNCTION'))));
    expect(start).not.toBe(f.upSql.indexOf('CREATE FUNCTION'));
    expect(Buffer.from(f.upSql).subarray(start, end).toString()).toBe(
      'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$;\n',
    );
  });

  it('returns the Down section only when asked for', async () => {
    const [f] = await discoverMigrations([`${DIR}/1_create_users.sql`], { includeDown: true }, nodeFs());
    expect(f!.downSql).not.toBeNull();
    expect(f!.downSql!.length).toBe(f!.source.length);
    expect(lineOf(f!.downSql!, 'DROP TABLE users')).toBe(17);
    expect(f!.downSql).not.toContain('CREATE TABLE users');
  });

  it('reads NO TRANSACTION and markers spelled in any case and spacing', () => {
    const f = byName('2_add_index.sql');
    expect(f.transaction).toBe('none');
    expect(f.notes).toEqual([
      { line: 1, kind: 'transaction', message: '-- +goose NO TRANSACTION: goose runs this file outside a transaction' },
    ]);
    expect(f.upSql.trim()).toBe('CREATE INDEX CONCURRENTLY users_email_idx ON users (email);');
    expect(lineOf(f.upSql, 'CREATE INDEX')).toBe(3);
  });

  it('returns a file without an Up annotation with an empty upSql and says goose refuses it', () => {
    const f = byName('3_missing_up.sql');
    expect(f.upSql).toBe(' '.repeat('CREATE TABLE orphan (id int);'.length) + '\n');
    expect(f.notes.map((n) => [n.line, n.kind])).toEqual([
      [1, 'format'],
      [1, 'format'],
    ]);
    expect(f.notes.map((n) => n.message)).toEqual([
      'SQL before `-- +goose Up`: goose refuses to run this file',
      'no `-- +goose Up` annotation: goose refuses to run this file ("must start with \'-- +goose Up\' annotation"); nothing linted as up',
    ]);
  });

  it('notes ${VAR} lines only while ENVSUB is on, and leaves the SQL as written', () => {
    const f = byName('10_envsub.sql');
    expect(f.notes).toEqual([
      { line: 3, kind: 'template', message: 'goose ENVSUB replaces ${APP_SCHEMA} from the environment before running the statement' },
      { line: 4, kind: 'template', message: 'goose ENVSUB replaces ${APP_SCHEMA}, ${APP_ROLE} from the environment before running the statement' },
    ]);
    expect(f.upSql).toContain('CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};');
  });
});
