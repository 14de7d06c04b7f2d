import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { memoryFs } from '../helpers/memory-fs.js';

const DIR = '__tests__/fixtures/discover/dbmate';

describe('dbmate', () => {
  it('keeps the up block in place, blanks the rest, and reads transaction:false', async () => {
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.transaction, f.version])).toEqual([
      ['20240101000000_create_items.sql', 'dbmate', 'per-file', '20240101000000'],
      ['20240102000000_index_items.sql', 'dbmate', 'none', '20240102000000'],
      ['20240103000000_no_up.sql', 'dbmate', 'per-file', '20240103000000'],
    ]);
    const [items, index, noUp] = files;
    expect(items!.upSql).toBe(
      '             \nCREATE TABLE items (id bigint PRIMARY KEY, name text);\n\n               \n                 \n',
    );
    expect(index!.notes).toEqual([
      { line: 2, kind: 'transaction', message: 'transaction:false: dbmate runs the up block outside a transaction' },
    ]);
    expect(index!.upSql.split('\n')[2]).toBe('CREATE INDEX CONCURRENTLY items_name_idx ON items (name);');
    expect(index!.upSql).not.toContain('DROP INDEX');
    expect(noUp!.upSql.trim()).toBe('');
    expect(noUp!.notes.map((n) => n.message)).toEqual([
      'SQL before `-- migrate:up`: dbmate refuses to run this file',
      'no `-- migrate:up` block: dbmate refuses to run this file; nothing linted as up',
    ]);
  });

  it('fills downSql only with includeDown', async () => {
    const [items] = await discoverMigrations([`${DIR}/20240101000000_create_items.sql`], { includeDown: true }, nodeFs());
    expect(items!.downSql!.split('\n')[4]).toBe('DROP TABLE items;');
    expect(items!.downSql).not.toContain('CREATE TABLE');
  });

  it('orders by file name, as dbmate does, not by numeric version', async () => {
    const fs = memoryFs({
      'db/1_a.sql': '-- migrate:up\nSELECT 1;\n',
      'db/2_b.sql': '-- migrate:up\nSELECT 2;\n',
      'db/10_c.sql': '-- migrate:up\nSELECT 10;\n',
    });
    const files = await discoverMigrations(['db'], {}, fs);
    expect(files.map((f) => f.path)).toEqual(['db/10_c.sql', 'db/1_a.sql', 'db/2_b.sql']);
  });
});
