/**
 * Where the run happens. --database-url: a fresh database per run, dropped afterwards, other databases untouched,
 * public hosts refused. Embedded: a server of its own whose data dir is gone afterwards.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { assertDisposableHost, classifyAddress } from '../../src/run/host-check.js';
import { withDatabase } from '../../src/run/provision-url.js';
import { runMigrations } from '../../src/run/index.js';
import { executionsOf, file, run, useServer } from './run-helpers.js';

const server = useServer();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('--database-url', () => {
  test('runs in a fresh database that is dropped afterwards, and leaves other databases alone', async () => {
    await query(server.url(), 'CREATE DATABASE keepme');
    await query(withDatabase(server.url(), 'keepme'), 'CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)');
    const seen: string[] = [];
    const result = await run(server.url(), [file('base.sql', 'CREATE TABLE precious (id int);')], [file('checked.sql', 'DROP TABLE precious;')], {
      onProgress: (m) => seen.push(m),
    });
    expect(executionsOf(result)[0]?.error).toBeNull();
    expect(result.run).toMatchObject({ database: 'url', serverMajor: 17, baseFiles: 1 });
    expect(result.run.server).toMatch(/^PostgreSQL 17\.\d+ \(database-url\)$/);
    const created = /created database (migrascope_[0-9a-f]+)/.exec(seen.join('\n'))?.[1];
    expect(created).toBeDefined();
    const databases = (await query<{ datname: string }>(server.url(), 'SELECT datname FROM pg_database')).map((r) => r.datname);
    expect(databases).not.toContain(created);
    expect(databases.filter((d) => d.startsWith('migrascope_'))).toEqual([]);
    expect(await query(withDatabase(server.url(), 'keepme'), 'SELECT id FROM precious')).toEqual([{ id: 1 }]);
  });

  test('says which privilege is missing when the role may not create databases', async () => {
    await query(server.url(), "CREATE ROLE nocreate LOGIN PASSWORD 'pw'");
    const { port } = server.server();
    await expect(runMigrations([], [], { databaseUrl: `postgres://nocreate:pw@127.0.0.1:${port}/postgres` })).rejects.toThrow(
      /role "nocreate" may not create databases .*CREATEDB privilege/,
    );
  });

  test('refuses a public host unless remote hosts are allowed, saying why', async () => {
    await expect(runMigrations([], [], { databaseUrl: 'postgres://u:p@8.8.8.8:5432/db' })).rejects.toThrow(
      /"8\.8\.8\.8" is not a loopback or private address.*must be a disposable server.*--allow-remote/,
    );
    await expect(assertDisposableHost('8.8.8.8', true)).resolves.toBeUndefined();
  });

  test('loopback, private and unix-socket hosts are accepted; others are not', async () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', '[::1]', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd12::1', 'fc00::1', '::ffff:10.0.0.1'].map(classifyAddress)).toEqual([
      'loopback', 'loopback', 'loopback', 'loopback', 'private', 'private', 'private', 'private', 'private', 'private', 'private',
    ]);
    expect(['8.8.8.8', '172.32.0.1', '172.15.0.1', '192.169.0.1', '2001:db8::1', '::ffff:8.8.8.8', '11.0.0.1'].map(classifyAddress)).toEqual(Array(7).fill('public'));
    await expect(assertDisposableHost('localhost', false)).resolves.toBeUndefined();
    await expect(assertDisposableHost('/var/run/postgresql', false)).resolves.toBeUndefined();
    await expect(assertDisposableHost('10.0.0.5', false)).resolves.toBeUndefined();
  });

  test('withDatabase points a URL at another database, keeping everything else', () => {
    expect(withDatabase('postgres://u:p%40ss@db:5433/app?sslmode=disable', 'migrascope_1')).toBe('postgres://u:p%40ss@db:5433/migrascope_1?sslmode=disable');
  });
});

describe('embedded PostgreSQL', () => {
  test('the run states the server it used, and removes its data dir afterwards', async () => {
    const seen: string[] = [];
    const result = await runMigrations([file('base.sql', 'CREATE TABLE t (id int);')], [file('checked.sql', 'ALTER TABLE t ADD COLUMN c int;')], {
      pgVersion: 16,
      onProgress: (m) => seen.push(m),
    });
    expect(result.run.server).toBe('PostgreSQL 17.10 (embedded; PostgreSQL 16 was asked for, the embedded server is 17)');
    expect(result.run).toMatchObject({ database: 'embedded', serverMajor: 17 });
    expect(result.run.provisionMs).toBeGreaterThan(0);
    expect(result.run.timeToFirstStatementMs).toBeGreaterThanOrEqual(result.run.provisionMs);
    expect(result.run).toMatchObject({ status: 'completed', error: null });
    expect(executionsOf(result)[0]?.locks).toEqual([{ relation: 'public.t', mode: 'AccessExclusiveLock', heldMs: expect.any(Number) }]);
    const dataDir = /PostgreSQL started in (\S+) on port/.exec(seen.join('\n'))?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir!)).toBe(false);
    expect(existsSync(dataDir!.replace(/\/data$/, ''))).toBe(false);
  });

  test('contrib extensions are available', async () => {
    const result = await run(server.url(), [], [file('checked.sql', 'CREATE EXTENSION pgcrypto;\nCREATE EXTENSION ltree;\nCREATE EXTENSION pg_trgm;')]);
    expect(executionsOf(result).map((e) => e?.error)).toEqual([null, null, null]);
  });
});
