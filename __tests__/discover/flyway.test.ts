import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import type { MigrationFile } from '../../src/discover/types.js';

const DIR = '__tests__/fixtures/discover/flyway';

describe('flyway', () => {
  let files: MigrationFile[];
  const byName = (name: string) => files.find((f) => f.path === `${DIR}/${name}`)!;

  beforeAll(async () => {
    files = await discoverMigrations([DIR], {}, nodeFs());
  });

  it('orders versions numerically part by part, repeatables last by description, strays after them', () => {
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.format, f.version])).toEqual([
      ['V1__init.sql', 'flyway', '1'],
      ['V2__add_email.sql', 'flyway', '2'],
      ['V2.1__backfill_email.sql', 'flyway', '2.1'],
      ['V3__index_email.sql', 'flyway', '3'],
      ['V4__placeholders.sql', 'flyway', '4'],
      ['V5__detach.sql', 'flyway', '5'],
      ['V6__reindex.sql', 'flyway', '6'],
      ['V7__look_alikes.sql', 'flyway', '7'],
      ['V10__later.sql', 'flyway', '10'],
      ['R__a_view.sql', 'flyway', 'R__a_view'],
      ['R__b_view.sql', 'flyway', 'R__b_view'],
      ['afterMigrate.sql', 'plain', 'afterMigrate.sql'],
    ]);
  });

  it('runs files in a transaction unless they hold a statement Flyway knows cannot run in one', () => {
    expect(files.map((f) => f.transaction)).toEqual([
      'per-file', 'per-file', 'per-file', 'none', 'per-file', 'none', 'per-file', 'per-file', 'per-file', 'per-file', 'per-file', 'none',
    ]);
    expect(byName('V3__index_email.sql').notes).toEqual([
      { line: 2, kind: 'transaction', message: 'CREATE UNIQUE INDEX CONCURRENTLY cannot run in a transaction, so Flyway runs this file without one' },
    ]);
    expect(byName('V7__look_alikes.sql').notes).toEqual([]);
  });

  it('reads executeInTransaction=false from the .sql.conf side file', () => {
    expect(byName('V5__detach.sql').notes).toEqual([
      { line: 1, kind: 'transaction', message: 'V5__detach.sql.conf sets executeInTransaction=false' },
    ]);
  });

  it('flags REINDEX CONCURRENTLY, which Flyway does not detect and so runs in a transaction', () => {
    const f = byName('V6__reindex.sql');
    expect(f.transaction).toBe('per-file');
    expect(f.notes).toHaveLength(1);
    expect(f.notes[0]!.kind).toBe('transaction');
    expect(f.notes[0]!.message).toMatch(/^REINDEX … CONCURRENTLY cannot run in a transaction, but Flyway does not detect it/);
  });

  it('notes each line holding placeholders and leaves the SQL untouched', () => {
    const f = byName('V4__placeholders.sql');
    expect(f.notes).toEqual([
      { line: 1, kind: 'template', message: 'Flyway placeholder ${schema}, ${owner}: Flyway substitutes it before running the script' },
      { line: 3, kind: 'template', message: 'Flyway placeholder ${schema}, ${flyway:user}: Flyway substitutes it before running the script' },
    ]);
    expect(f.upSql).toBe(f.source);
  });

  it('says why a non-Flyway file in the folder is linted as plain SQL', () => {
    expect(byName('afterMigrate.sql').notes).toEqual([
      {
        line: 1,
        kind: 'format',
        message:
          '"afterMigrate.sql" does not follow the flyway naming (V<version>__<description>.sql or R__<description>.sql), so flyway does not run it as a migration; linted as plain SQL',
      },
    ]);
  });

  it('returns U undo files after their version only with includeDown', async () => {
    expect(files.some((f) => f.path.endsWith('U2__add_email.sql'))).toBe(false);
    const all = await discoverMigrations([DIR], { includeDown: true }, nodeFs());
    expect(all.slice(1, 4).map((f) => [f.path.slice(DIR.length + 1), f.isDown])).toEqual([
      ['V2__add_email.sql', false],
      ['U2__add_email.sql', true],
      ['V2.1__backfill_email.sql', false],
    ]);
  });
});
