import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { memoryFs } from '../helpers/memory-fs.js';

const FIX = '__tests__/fixtures/discover';

describe('plain SQL folders', () => {
  it('orders naturally (2 before 10), ignores non-.sql files and runs in autocommit', async () => {
    const files = await discoverMigrations([`${FIX}/plain`], {}, nodeFs());
    expect(files.map((f) => [f.path, f.format, f.transaction, f.notes])).toEqual([
      [`${FIX}/plain/1_a.sql`, 'plain', 'none', []],
      [`${FIX}/plain/2_b.sql`, 'plain', 'none', []],
      [`${FIX}/plain/10_c.sql`, 'plain', 'none', []],
    ]);
  });
});

describe('explicit files', () => {
  it('returns a file of unknown format as plain SQL with a note, never skipping it', async () => {
    const files = await discoverMigrations([`${FIX}/unknown/schema.psql`], {}, nodeFs());
    expect(files).toEqual([
      {
        path: `${FIX}/unknown/schema.psql`,
        format: 'plain',
        source: 'CREATE TABLE mystery (id int);\n',
        upSql: 'CREATE TABLE mystery (id int);\n',
        downSql: null,
        isDown: false,
        transaction: 'none',
        version: 'schema.psql',
        notes: [{ line: 1, kind: 'format', message: 'format could not be determined; linted as plain SQL' }],
      },
    ]);
  });

  it('sorts files of one set into apply order whatever order they were given in', async () => {
    const files = await discoverMigrations(
      [`${FIX}/flyway/V10__later.sql`, `${FIX}/flyway/R__a_view.sql`, `${FIX}/flyway/V2.1__backfill_email.sql`],
      {},
      nodeFs(),
    );
    expect(files.map((f) => f.path.split('/').pop())).toEqual(['V2.1__backfill_email.sql', 'V10__later.sql', 'R__a_view.sql']);
  });

  it('returns an explicitly given down file, marked isDown', async () => {
    const files = await discoverMigrations([`${FIX}/golang-migrate/seq/1_init.down.sql`], {}, nodeFs());
    expect(files.map((f) => [f.format, f.isDown, f.transaction])).toEqual([['golang-migrate', true, 'implicit']]);
  });

  it('detects a layout format from the file alone', async () => {
    const files = await discoverMigrations(
      [`${FIX}/prisma/migrations/20240102000000_second/migration.sql`, `${FIX}/diesel/migrations/2024-01-02-000000_add_index/up.sql`],
      {},
      nodeFs(),
    );
    expect(files.map((f) => [f.format, f.transaction, f.version])).toEqual([
      ['prisma', 'implicit', '20240102000000_second'],
      ['diesel', 'none', '2024-01-02-000000'],
    ]);
  });
});

describe('several paths', () => {
  it('keeps sets in the order the paths were given and each set in its own order', async () => {
    const files = await discoverMigrations([`${FIX}/prisma`, `${FIX}/plain`], {}, nodeFs());
    expect(files.map((f) => f.path.slice(FIX.length + 1))).toEqual([
      'prisma/migrations/20240101000000_init/migration.sql',
      'prisma/migrations/20240102000000_second/migration.sql',
      'plain/1_a.sql',
      'plain/2_b.sql',
      'plain/10_c.sql',
    ]);
  });

  it('returns a file reached twice once, at its place in its set', async () => {
    const files = await discoverMigrations(
      [`${FIX}/plain/10_c.sql`, `./${FIX}/plain`, `${FIX}/plain/1_a.sql`],
      {},
      nodeFs(),
    );
    expect(files.map((f) => f.path)).toEqual([`${FIX}/plain/1_a.sql`, `${FIX}/plain/2_b.sql`, `${FIX}/plain/10_c.sql`]);
  });

  it('fails on a path that does not exist, quoting it', async () => {
    await expect(discoverMigrations(['nope/missing.sql'], {}, nodeFs())).rejects.toThrow(
      'migration path "nope/missing.sql" does not exist; expected a migration file or a folder of migrations',
    );
  });
});

describe('forced format', () => {
  it('applies the requested format instead of detecting one', async () => {
    const files = await discoverMigrations([`${FIX}/flyway`], { format: 'plain' }, nodeFs());
    expect(files.every((f) => f.format === 'plain' && f.transaction === 'none')).toBe(true);
    expect(files.map((f) => f.path.split('/').pop()).slice(0, 4)).toEqual([
      'afterMigrate.sql',
      'R__a_view.sql',
      'R__b_view.sql',
      'U2__add_email.sql',
    ]);
  });

  it('notes files that do not fit a requested layout format', async () => {
    const files = await discoverMigrations([`${FIX}/plain/1_a.sql`], { format: 'diesel' }, nodeFs());
    expect(files.map((f) => [f.format, f.notes.map((n) => n.message)])).toEqual([
      ['plain', ['"1_a.sql" is not laid out as a diesel migration, although diesel was requested; linted as plain SQL']],
    ]);
  });
});

describe('folder walk', () => {
  it('recurses, skips node_modules, .git and dot-folders, and uses forward slashes', async () => {
    const fs = memoryFs({
      'repo/db/1_a.sql': 'SELECT 1;',
      'repo/db/nested/deeper/2_b.sql': 'SELECT 2;',
      'repo/node_modules/pkg/0_x.sql': 'SELECT 0;',
      'repo/.git/hooks/x.sql': 'SELECT 0;',
      'repo/.cache/y.sql': 'SELECT 0;',
      'repo/readme.md': '# not sql',
    });
    const files = await discoverMigrations(['repo\\db', 'repo'], {}, fs);
    expect(files.map((f) => f.path)).toEqual(['repo/db/1_a.sql', 'repo/db/nested/deeper/2_b.sql']);
  });
});
