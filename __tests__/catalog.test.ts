import { replayIntoCatalog } from '../src/analyze/lint-sql.js';
import { emptyCatalog } from '../src/catalog/types.js';
import { loadParser, parseSql } from '../src/parse/parse-sql.js';
import { applyStatement } from '../src/catalog/apply.js';
import { displayType } from '../src/sql/type-name.js';

beforeAll(() => loadParser());

function catalogOf(...sql: string[]) {
  const catalog = emptyCatalog();
  for (const s of sql) replayIntoCatalog(catalog, s);
  return catalog;
}

test('CREATE TABLE records columns with normalised types, NOT NULL, defaults and constraints', () => {
  const c = catalogOf(`CREATE TABLE app.users (
    id bigserial PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, score numeric(10,2) DEFAULT 0,
    tags text[], org_id integer REFERENCES orgs (id), CHECK (email IS NOT NULL));`);
  const users = c.tables.get('app.users')!;
  expect([...users.columns.values()].map((col) => `${col.name} ${displayType(col.type)}${col.notNull ? ' not null' : ''}${col.hasDefault ? ' default' : ''}`)).toEqual([
    'id bigint not null default',
    'email varchar(120) not null',
    'score numeric(10,2) default',
    'tags text[]',
    'org_id integer',
  ]);
  expect(users.constraints.map((k) => `${k.kind} ${k.name} ${k.columns.join(',')} ${k.validated}`)).toEqual([
    'primary-key users_pkey id true',
    'unique users_email_key email true',
    'foreign-key users_org_id_fkey org_id true',
    'check users_email_check email true',
  ]);
  expect(users.constraints.find((k) => k.kind === 'foreign-key')!.references).toEqual({ table: 'public.orgs', columns: ['id'] });
  expect([...c.indexes.keys()].sort()).toEqual(['app.users_email_key', 'app.users_pkey']);
  expect(users.createdInChange).toBe(false);
});

test('ALTER TABLE keeps the model current: add/drop/rename columns, types, NOT NULL, NOT VALID then VALIDATE', () => {
  const c = catalogOf(
    'CREATE TABLE t (a int, b text);',
    'ALTER TABLE t ADD COLUMN c varchar(10), DROP COLUMN b, ALTER COLUMN a TYPE bigint, ALTER COLUMN a SET NOT NULL;',
    'ALTER TABLE t RENAME COLUMN c TO d;',
    'ALTER TABLE t ADD CONSTRAINT d_nn CHECK (d IS NOT NULL) NOT VALID;',
  );
  const t = c.tables.get('public.t')!;
  expect([...t.columns.keys()]).toEqual(['a', 'd']);
  expect(displayType(t.columns.get('a')!.type)).toBe('bigint');
  expect(t.columns.get('a')!.notNull).toBe(true);
  expect(t.constraints).toEqual([expect.objectContaining({ name: 'd_nn', validated: false, provesNotNull: 'd' })]);
  replayIntoCatalog(c, 'ALTER TABLE t VALIDATE CONSTRAINT d_nn;');
  expect(t.constraints[0].validated).toBe(true);
});

test('renames and drops of tables, indexes and schemas', () => {
  const c = catalogOf('CREATE SCHEMA s; CREATE TABLE s.a (id int); CREATE INDEX a_id_idx ON s.a (id); CREATE TABLE b (x int);');
  replayIntoCatalog(c, 'ALTER TABLE s.a RENAME TO a2; ALTER INDEX s.a_id_idx RENAME TO a2_id_idx; DROP TABLE IF EXISTS b;');
  expect([...c.tables.keys()]).toEqual(['s.a2']);
  expect(c.indexes.get('s.a2_id_idx')).toMatchObject({ table: 's.a2', columns: ['id'] });
  replayIntoCatalog(c, 'DROP SCHEMA s CASCADE;');
  expect(c.tables.size).toBe(0);
  expect(c.indexes.size).toBe(0);
});

test('objects created by the checked change are marked new', () => {
  const c = catalogOf('CREATE TABLE old (id int);');
  for (const stmt of parseSql('CREATE TABLE fresh (id int); CREATE INDEX fresh_id_idx ON fresh (id);').statements) applyStatement(c, stmt, true);
  expect(c.tables.get('public.old')!.createdInChange).toBe(false);
  expect(c.tables.get('public.fresh')!.createdInChange).toBe(true);
  expect(c.indexes.get('public.fresh_id_idx')!.createdInChange).toBe(true);
});

test('partitions inherit their parent columns; enums track added and renamed values', () => {
  const c = catalogOf(
    'CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);',
    "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    "CREATE TYPE mood AS ENUM ('sad', 'ok'); ALTER TYPE mood ADD VALUE 'happy'; ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';",
  );
  expect(c.tables.get('public.m')!.kind).toBe('partitioned-table');
  expect(c.tables.get('public.m_2024')!.partitionOf).toBe('public.m');
  expect([...c.tables.get('public.m_2024')!.columns.keys()]).toEqual(['id', 'at']);
  expect(c.types.get('public.mood')!.values).toEqual(['sad', 'fine', 'happy']);
});

test('a forked catalog never changes the one it was forked from', async () => {
  const { forkCatalog } = await import('../src/catalog/types.js');
  const c = catalogOf("CREATE TABLE t (a varchar(5) NOT NULL, CHECK (a IS NOT NULL)); CREATE INDEX t_a ON t (a); CREATE TYPE e AS ENUM ('x'); CREATE TABLE p (id int);");
  const before = JSON.stringify([...c.tables.values()].map((t) => ({ ...t, columns: [...t.columns.values()] })));
  const fork = forkCatalog(c);
  replayIntoCatalog(
    fork,
    "ALTER TABLE t ALTER COLUMN a TYPE text, ALTER COLUMN a DROP NOT NULL; ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME CONSTRAINT t_a_check TO c2; ALTER INDEX t_a RENAME TO t_b; ALTER TYPE e ADD VALUE 'y'; ALTER TABLE p RENAME TO q; DROP TABLE t;",
  );
  expect(JSON.stringify([...c.tables.values()].map((t) => ({ ...t, columns: [...t.columns.values()] })))).toBe(before);
  expect(c.indexes.get('public.t_a')).toMatchObject({ table: 'public.t', columns: ['a'] });
  expect(c.types.get('public.e')!.values).toEqual(['x']);
  expect([...fork.tables.keys()]).toEqual(['public.q']);
  expect(fork.types.get('public.e')!.values).toEqual(['x', 'y']);
});

test('what migrations teach about objects created elsewhere is kept', () => {
  const c = catalogOf(
    'ALTER TABLE legacy ADD COLUMN note text NOT NULL;',
    'CREATE TABLE report AS SELECT u.id, u.email AS address, count(*) FROM users u GROUP BY 1, 2;',
    "CREATE TYPE \"Mood\" AS ENUM ('a'); CREATE TABLE p (m \"Mood\"); ALTER TYPE \"Mood\" RENAME TO feeling;",
    'CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE DOMAIN label AS text; ALTER DOMAIN label SET NOT NULL;',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$; CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
  );
  expect(c.tables.get('public.legacy')).toMatchObject({ createdInChange: false });
  expect(c.tables.get('public.legacy')!.columns.get('note')).toMatchObject({ notNull: true });
  expect([...c.tables.get('public.report')!.columns.keys()]).toEqual(['id', 'address']);
  expect(c.tables.get('public.p')!.columns.get('m')!.type.name).toBe('feeling');
  expect(c.types.get('public.feeling')).toMatchObject({ kind: 'enum', values: ['a'] });
  expect(c.types.get('public.positive')!.hasConstraints).toBe(true);
  expect(c.types.get('public.label')!.hasConstraints).toBe(true);
  expect(Object.fromEntries(c.functions)).toEqual({ f: 'immutable', 'public.f': 'immutable', 'app.g': 'volatile' });
});

test('schemas and columns created by the change are marked', () => {
  const c = catalogOf('CREATE TABLE t (a int);');
  for (const stmt of parseSql('CREATE SCHEMA s; ALTER TABLE t ADD COLUMN b int;').statements) applyStatement(c, stmt, true);
  expect([...c.schemasCreatedInChange]).toEqual(['s']);
  expect(c.tables.get('public.t')!.columns.get('a')!.createdInChange).toBe(false);
  expect(c.tables.get('public.t')!.columns.get('b')!.createdInChange).toBe(true);
});
