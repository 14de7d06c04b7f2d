/** The before/after schema diff, read from a real PostgreSQL: each kind of object, renames, recreations. */
import { diffSchema, previousName, readSchemaShape } from '../../src/run/schema-diff.js';
import { connect, type Session } from '../../src/run/session.js';
import { useServer } from './run-helpers.js';

const server = useServer();

let databases = 0;
const sessions: Session[] = [];
afterAll(() => Promise.all(sessions.map((s) => s.end())));

/** A fresh database per case, so no case sees another's objects. */
async function freshSession(): Promise<Session> {
  const admin = await connect(server.url(), 'test admin');
  const name = `diff_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.url());
  url.pathname = `/${name}`;
  const session = await connect(url.toString(), 'test');
  sessions.push(session);
  return session;
}

async function diffOf(setup: string, migration: string) {
  const session = await freshSession();
  if (setup) await session.query(setup);
  const before = await readSchemaShape(session);
  await session.query(migration);
  return diffSchema(before, await readSchemaShape(session));
}

const lines = (changes: Awaited<ReturnType<typeof diffOf>>) => changes.map((c) => `${c.change} ${c.kind} ${c.name}: ${c.before ?? '-'} → ${c.after ?? '-'}`);

test('nothing changed: no entries', async () => {
  expect(await diffOf('CREATE TABLE t (id int PRIMARY KEY, v text)', 'SELECT 1')).toEqual([]);
});

test('tables, partitioned tables, views and materialized views', async () => {
  const changes = await diffOf(
    'CREATE TABLE old (id int); CREATE VIEW v AS SELECT 1 AS one',
    `DROP TABLE old;
     CREATE UNLOGGED TABLE plain (id int);
     CREATE TABLE events (at date) PARTITION BY RANGE (at);
     CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
     CREATE OR REPLACE VIEW v AS SELECT 1 AS one, 2 AS two;
     CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one`,
  );
  expect(lines(changes)).toEqual([
    'added partitioned table public.events: - → PARTITION BY RANGE (at)',
    'added column public.events.at: - → date',
    "added table public.events_2024: - → PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    'added column public.events_2024.at: - → date',
    'added materialized view public.mv: - → SELECT 1 AS one;',
    'dropped table public.old: - → -',
    'dropped column public.old.id: integer → -',
    'added table public.plain: - → UNLOGGED',
    'added column public.plain.id: - → integer',
    'changed view public.v: SELECT 1 AS one; → SELECT 1 AS one, 2 AS two;',
  ]);
});

test('columns: type with typmod, NOT NULL, default, identity, generated', async () => {
  const changes = await diffOf(
    'CREATE TABLE t (id int NOT NULL, price numeric(10,2), name varchar(20), flag boolean)',
    `ALTER TABLE t ALTER COLUMN price TYPE numeric(12,2), ALTER COLUMN name SET NOT NULL, ALTER COLUMN flag SET DEFAULT false;
     ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
     ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * 2) STORED`,
  );
  expect(lines(changes)).toEqual([
    'changed column public.t.flag: boolean → boolean DEFAULT false',
    'changed column public.t.id: integer NOT NULL → integer GENERATED ALWAYS AS IDENTITY NOT NULL',
    'changed column public.t.name: character varying(20) → character varying(20) NOT NULL',
    'changed column public.t.price: numeric(10,2) → numeric(12,2)',
    'added column public.t.total: - → numeric GENERATED ALWAYS AS ((price * (2)::numeric)) STORED',
    'added sequence public.t_id_seq: - → integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1',
  ]);
});

test('indexes: added, dropped, recreated with another definition; an identical rebuild is no change', async () => {
  const changes = await diffOf(
    'CREATE TABLE t (a int, b int); CREATE INDEX t_a ON t (a); CREATE INDEX t_b ON t (b); CREATE INDEX t_ab ON t (a, b)',
    `DROP INDEX t_a; CREATE INDEX t_a ON t (a) WHERE a > 0;
     DROP INDEX t_b;
     ALTER TABLE t ALTER COLUMN b TYPE bigint;
     CREATE UNIQUE INDEX t_b_key ON t (b)`,
  );
  expect(lines(changes)).toEqual([
    'changed column public.t.b: integer → bigint',
    'changed index public.t_a: CREATE INDEX t_a ON public.t USING btree (a) → CREATE INDEX t_a ON public.t USING btree (a) WHERE (a > 0)',
    'dropped index public.t_b: CREATE INDEX t_b ON public.t USING btree (b) → -',
    'added index public.t_b_key: - → CREATE UNIQUE INDEX t_b_key ON public.t USING btree (b)',
  ]);
});

test('constraints: NOT VALID, then validated; check and unique constraints added and dropped', async () => {
  const changes = await diffOf(
    `CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int, n int, CONSTRAINT n_positive CHECK (n > 0));
     ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID`,
    `ALTER TABLE c VALIDATE CONSTRAINT c_p_fk; ALTER TABLE c DROP CONSTRAINT n_positive; ALTER TABLE c ADD CONSTRAINT c_n_key UNIQUE (n)`,
  );
  expect(lines(changes)).toEqual([
    'added constraint public.c.c_n_key: - → UNIQUE (n)',
    'changed constraint public.c.c_p_fk: FOREIGN KEY (p_id) REFERENCES p(id) NOT VALID → FOREIGN KEY (p_id) REFERENCES p(id)',
    'dropped constraint public.c.n_positive: CHECK ((n > 0)) → -',
    'added index public.c_n_key: - → CREATE UNIQUE INDEX c_n_key ON public.c USING btree (n)',
  ]);
});

test('enum labels, domains, sequences and functions', async () => {
  const changes = await diffOf(
    `CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE SEQUENCE s;
     CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x'; CREATE FUNCTION gone() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
    `ALTER TYPE mood ADD VALUE 'happy'; ALTER DOMAIN posint SET NOT NULL; ALTER SEQUENCE s INCREMENT BY 10;
     CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'; DROP FUNCTION gone()`,
  );
  const byName = Object.fromEntries(changes.map((c) => [`${c.kind} ${c.name}`, c]));
  expect(Object.keys(byName).sort()).toEqual(['function public.f(x integer)', 'function public.gone()', 'sequence public.s', 'type public.mood', 'type public.posint']);
  expect(byName['type public.mood']).toMatchObject({ change: 'changed', before: "ENUM ('sad', 'ok')", after: "ENUM ('sad', 'ok', 'happy')" });
  expect(byName['type public.posint']).toMatchObject({ change: 'changed', before: 'DOMAIN integer', after: 'DOMAIN integer NOT NULL' });
  expect(byName['sequence public.s']).toMatchObject({ change: 'changed', after: expect.stringContaining('INCREMENT 10') });
  expect(byName['function public.f(x integer)']).toMatchObject({ change: 'changed', after: expect.stringContaining('SELECT x + 1') });
  expect(byName['function public.gone()']).toMatchObject({ change: 'dropped', after: null });
});

test('renames are one change with both names; a renamed table does not list its columns again', async () => {
  const changes = await diffOf(
    'CREATE TABLE users (id int, email text); CREATE INDEX users_email ON users (email)',
    'ALTER TABLE users RENAME TO people; ALTER TABLE people RENAME COLUMN email TO mail; ALTER INDEX users_email RENAME TO people_mail',
  );
  expect(lines(changes)).toEqual([
    'changed table public.people: public.users → public.people',
    'changed column public.people.mail: public.users.email text → public.people.mail text',
    'changed index public.people_mail: CREATE INDEX users_email ON public.users USING btree (email) → CREATE INDEX people_mail ON public.people USING btree (mail)',
  ]);
  expect(changes.map((c) => previousName(c))).toEqual(['public.users', 'public.users.email', 'public.users_email']);
});

test('a table dropped and created again under its name stays a drop and an add (its rows are gone)', async () => {
  const changes = await diffOf('CREATE TABLE t (id int)', 'DROP TABLE t; CREATE TABLE t (id int)');
  expect(lines(changes)).toEqual(['dropped table public.t: - → -', 'added table public.t: - → -', 'dropped column public.t.id: integer → -', 'added column public.t.id: - → integer']);
});

test('extensions are listed, their members and system schemas are not', async () => {
  const changes = await diffOf('', 'CREATE EXTENSION pgcrypto; CREATE SCHEMA app; CREATE TABLE app.t (id int)');
  expect(lines(changes)).toEqual(['added schema app: - → -', 'added table app.t: - → -', 'added column app.t.id: - → integer', expect.stringMatching(/^added extension pgcrypto: - → version [\d.]+ in schema public$/)]);
});
