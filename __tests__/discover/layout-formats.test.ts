import { discoverMigrations, nodeFs } from '../../src/discover/index.js';

const FIX = '__tests__/fixtures/discover';

describe('diesel', () => {
  const DIR = `${FIX}/diesel/migrations`;

  it('orders folders by name and honours run_in_transaction = false in metadata.toml', async () => {
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.transaction, f.version])).toEqual([
      ['00000000000000_diesel_initial_setup/up.sql', 'diesel', 'per-file', '00000000000000'],
      ['2024-01-01-000000_create_posts/up.sql', 'diesel', 'per-file', '2024-01-01-000000'],
      ['2024-01-02-000000_add_index/up.sql', 'diesel', 'none', '2024-01-02-000000'],
    ]);
    expect(files[2]!.notes).toEqual([
      { line: 1, kind: 'transaction', message: '2024-01-02-000000_add_index/metadata.toml sets run_in_transaction = false' },
    ]);
  });

  it('returns down.sql after its up.sql with includeDown', async () => {
    const files = await discoverMigrations([DIR], { includeDown: true }, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.isDown, f.transaction])).toEqual([
      ['00000000000000_diesel_initial_setup/up.sql', false, 'per-file'],
      ['00000000000000_diesel_initial_setup/down.sql', true, 'per-file'],
      ['2024-01-01-000000_create_posts/up.sql', false, 'per-file'],
      ['2024-01-01-000000_create_posts/down.sql', true, 'per-file'],
      ['2024-01-02-000000_add_index/up.sql', false, 'none'],
      ['2024-01-02-000000_add_index/down.sql', true, 'none'],
    ]);
  });

  it('finds the migrations folder when walking from the project folder', async () => {
    const files = await discoverMigrations([`${FIX}/diesel`], {}, nodeFs());
    expect(files.map((f) => f.path)).toEqual([
      `${FIX}/diesel/migrations/00000000000000_diesel_initial_setup/up.sql`,
      `${FIX}/diesel/migrations/2024-01-01-000000_create_posts/up.sql`,
      `${FIX}/diesel/migrations/2024-01-02-000000_add_index/up.sql`,
    ]);
  });
});

describe('prisma', () => {
  it('orders by folder name and sends each migration.sql as one query', async () => {
    const DIR = `${FIX}/prisma/migrations`;
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.transaction, f.version, f.upSql === f.source])).toEqual([
      ['20240101000000_init/migration.sql', 'prisma', 'implicit', '20240101000000_init', true],
      ['20240102000000_second/migration.sql', 'prisma', 'implicit', '20240102000000_second', true],
    ]);
  });
});
