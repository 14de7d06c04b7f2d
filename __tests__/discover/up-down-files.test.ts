import { detectFormat, discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { memoryFs } from '../helpers/memory-fs.js';

const FIX = '__tests__/fixtures/discover';

describe('golang-migrate', () => {
  const DIR = `${FIX}/golang-migrate/seq`;

  it('orders by numeric version, sends each file as one query, and skips .down.sql by default', async () => {
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.transaction, f.version])).toEqual([
      ['1_init.up.sql', 'golang-migrate', 'implicit', '1'],
      ['2_members.up.sql', 'golang-migrate', 'implicit', '2'],
      ['10_roles.up.sql', 'golang-migrate', 'implicit', '10'],
      ['README.sql', 'plain', 'none', 'README.sql'],
    ]);
    expect(files[3]!.notes[0]!.message).toContain('does not follow the golang-migrate naming');
  });

  it('returns .down.sql files after their up file with includeDown', async () => {
    const files = await discoverMigrations([DIR], { includeDown: true }, nodeFs());
    expect(files.slice(0, 6).map((f) => [f.path.slice(DIR.length + 1), f.isDown])).toEqual([
      ['1_init.up.sql', false],
      ['1_init.down.sql', true],
      ['2_members.up.sql', false],
      ['2_members.down.sql', true],
      ['10_roles.up.sql', false],
      ['10_roles.down.sql', true],
    ]);
  });

  it('takes 14-digit versions for golang-migrate when a go.mod sits above the folder', async () => {
    const files = await discoverMigrations([`${FIX}/golang-migrate/timestamped`], {}, nodeFs());
    expect(files.map((f) => [f.path, f.format, f.transaction])).toEqual([
      [`${FIX}/golang-migrate/timestamped/db/migrations/20240101120000_init.up.sql`, 'golang-migrate', 'implicit'],
    ]);
  });
});

describe('sqlx', () => {
  const DIR = `${FIX}/sqlx/migrations`;

  it('runs each file in a transaction unless it starts with -- no-transaction, whose line is blanked', async () => {
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.transaction, f.version])).toEqual([
      ['20240101120000_create_books.up.sql', 'sqlx', 'per-file', '20240101120000'],
      ['20240102120000_index_books.up.sql', 'sqlx', 'none', '20240102120000'],
      ['20240103120000_seed.sql', 'sqlx', 'per-file', '20240103120000'],
    ]);
    const index = files[1]!;
    expect(index.upSql).toBe(' '.repeat('-- no-transaction'.length) + '\nCREATE INDEX CONCURRENTLY books_title_idx ON books (title);\n');
    expect(index.notes).toEqual([
      { line: 1, kind: 'transaction', message: '-- no-transaction: sqlx runs this file outside a transaction' },
    ]);
  });

  it('tells sqlx from golang-migrate without a manifest by the version width', async () => {
    const fs = memoryFs({
      'a/migrations/20240101120000_x.up.sql': 'SELECT 1;',
      'a/migrations/20240101120000_x.down.sql': 'SELECT 1;',
      'b/migrations/000001_x.up.sql': 'SELECT 1;',
      'c/migrations/1700000000_x.up.sql': 'SELECT 1;',
      'd/migrations/20240101120000_x.sql': 'SELECT 1;',
      'e/scripts/20240101120000_x.sql': 'SELECT 1;',
    });
    const files = await discoverMigrations(['a', 'b', 'c', 'd', 'e'], {}, fs);
    expect(files.map((f) => [f.path, f.format])).toEqual([
      ['a/migrations/20240101120000_x.up.sql', 'sqlx'],
      ['b/migrations/000001_x.up.sql', 'golang-migrate'],
      ['c/migrations/1700000000_x.up.sql', 'golang-migrate'],
      ['d/migrations/20240101120000_x.sql', 'sqlx'],
      ['e/scripts/20240101120000_x.sql', 'plain'],
    ]);
  });
});

describe('detectFormat', () => {
  const none = { folderName: 'migrations', manifest: null } as const;
  it('prefers markers inside files over names', () => {
    expect(detectFormat([{ name: 'V1__x.sql', source: '-- +goose Up\nSELECT 1;' }], none)).toBe('goose');
    expect(detectFormat([{ name: '1_x.sql', source: '--migrate:up\nSELECT 1;' }], none)).toBe('dbmate');
    expect(detectFormat([{ name: 'V1__x.sql', source: 'SELECT 1;' }], none)).toBe('flyway');
    expect(detectFormat([{ name: '20240101120000_x.up.sql', source: 'SELECT 1;' }], { ...none, manifest: 'go' })).toBe('golang-migrate');
    expect(detectFormat([{ name: '000001_x.up.sql', source: 'SELECT 1;' }], { ...none, manifest: 'cargo' })).toBe('sqlx');
    expect(detectFormat([{ name: '1_x.sql', source: 'SELECT 1;' }], none)).toBe('plain');
  });
});
