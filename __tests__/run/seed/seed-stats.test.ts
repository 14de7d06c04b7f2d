/**
 * Seeding that follows a stats file: row counts (production rows, capped by the seed rows), NULL fractions,
 * distinct counts and widths — and still not one constraint violated. The same schema seeded without the stats
 * file is the control: it shows what the stats changed.
 */
import type pg from 'pg';
import { seedDatabase } from '../../../src/run/seed/index.js';
import { useServer } from '../run-helpers.js';
import type { StatsFile } from '../../../src/stats/types.js';
import { findViolations, freshDatabase, rowCounts, withClient } from './seed-helpers.js';

const server = useServer();

const SCHEMA = `
CREATE TYPE status AS ENUM ('new', 'paid', 'shipped', 'void');
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  nickname text,
  bio varchar(80),
  note text CHECK (length(note) <= 60),
  country text REFERENCES countries (code),
  status status NOT NULL
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  comment text,
  payload jsonb,
  meta json,
  blob bytea,
  code varchar(200) UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  active boolean NOT NULL DEFAULT true,
  tier text NOT NULL DEFAULT 'basic',
  starts date,
  ends date,
  CHECK (starts <= ends)
);
CREATE TABLE audit (id serial PRIMARY KEY, line text NOT NULL);
`;

const col = (nullFrac: number, nDistinct: number, avgWidth: number) => ({ nullFrac, nDistinct, avgWidth });
const table = (rows: number, columns: StatsFile['tables'][string]['columns'] = {}) => ({ rows, pages: 0, totalBytes: 0, columns, indexes: {} });

const STATS: StatsFile = {
  migrascopeStats: 1,
  exportedAt: '2026-01-01T00:00:00.000Z',
  server: 'PostgreSQL 17.2',
  tables: {
    'public.countries': table(40),
    'public.customers': table(10_000_000, {
      nickname: col(0.3, 50, 120),
      // NOT NULL and UNIQUE: no NULLs, still unique; only the width applies.
      email: col(0.3, 50, 40),
      bio: col(0, -1, 120),
      note: col(0, -1, 120),
      status: col(0, 2, 5),
      country: col(0.5, 0, 3),
    }),
    'public.orders': table(10_000_000, {
      customer_id: col(0, 50, 8),
      comment: col(0.3, -0.2, 120),
      payload: col(0.3, -1, 200),
      meta: col(0, -1, 100),
      blob: col(0, -1, 120),
      code: col(0.3, 5, 120),
      created_at: col(0, -1, 8),
      active: col(0, 1, 1),
      tier: col(0, 3, 6),
      // In a CHECK over two columns: left as they are.
      starts: col(0.9, 3, 4),
    }),
    'public.gone': table(5),
  },
};

const ROWS = 2000;

async function measure(c: pg.Client) {
  const one = async (sql: string) => (await c.query(sql)).rows[0];
  return {
    nickname: await one(`SELECT avg((nickname IS NULL)::int)::float8 AS nulls, count(DISTINCT nickname)::int AS distinct, avg(pg_column_size(nickname))::float8 AS width FROM customers`),
    email: await one(`SELECT count(email)::int AS n, count(DISTINCT email)::int AS distinct, avg(pg_column_size(email))::float8 AS width FROM customers`),
    bio: await one(`SELECT max(length(bio))::int AS max, avg(length(bio))::float8 AS avg FROM customers`),
    note: await one(`SELECT max(length(note))::int AS max FROM customers`),
    status: await one(`SELECT count(DISTINCT status)::int AS distinct FROM customers`),
    countryNulls: await one(`SELECT count(*) FILTER (WHERE country IS NULL)::int AS n FROM customers`),
    customerIds: await one(`SELECT count(DISTINCT customer_id)::int AS distinct FROM orders`),
    comment: await one(`SELECT avg((comment IS NULL)::int)::float8 AS nulls, count(DISTINCT comment)::int AS distinct, avg(pg_column_size(comment))::float8 AS width FROM orders`),
    payload: await one(`SELECT avg((payload IS NULL)::int)::float8 AS nulls, avg(pg_column_size(payload))::float8 AS width FROM orders`),
    blob: await one(`SELECT avg(pg_column_size(blob))::float8 AS width FROM orders`),
    meta: await one(`SELECT avg(pg_column_size(meta))::float8 AS width FROM orders`),
    code: await one(`SELECT count(code)::int AS n, count(DISTINCT code)::int AS distinct, avg(pg_column_size(code))::float8 AS width FROM orders`),
    createdAt: await one(`SELECT count(DISTINCT created_at)::int AS distinct FROM orders`),
    defaults: await one(`SELECT count(*) FILTER (WHERE active)::int AS active, count(DISTINCT tier)::int AS tiers FROM orders`),
    starts: await one(`SELECT count(starts)::int AS n, count(DISTINCT starts)::int AS distinct FROM orders`),
  };
}

const near = (actual: number, expected: number, tolerance: number) => {
  if (Math.abs(actual - expected) > tolerance) throw new Error(`${actual} is not within ${tolerance} of ${expected}`);
};

describe('seeding with a stats file', () => {
  test('row counts follow production, capped by the seed rows; tables the file does not list get the seed rows', async () => {
    const url = await freshDatabase(server.url());
    await withClient(url, (c) => c.query(SCHEMA));
    const result = await seedDatabase(url, { rows: ROWS, stats: STATS });
    expect(await withClient(url, rowCounts)).toEqual({ 'public.countries': 40, 'public.customers': ROWS, 'public.orders': ROWS, 'public.audit': ROWS });
    expect(result.notes).toEqual([]);
    expect(await withClient(url, findViolations)).toEqual([]);

    // perTable still wins over the stats file; a table empty in production is left empty, with a note.
    const url2 = await freshDatabase(server.url());
    await withClient(url2, (c) => c.query(SCHEMA));
    const empty: StatsFile = { ...STATS, tables: { ...STATS.tables, 'public.audit': table(0), 'public.customers': table(-1) } };
    const second = await seedDatabase(url2, { rows: ROWS, stats: empty, perTable: { countries: 7 } });
    expect(second.perTable).toEqual({ 'public.countries': 7, 'public.customers': ROWS, 'public.orders': ROWS, 'public.audit': 0 });
    expect(second.notes).toEqual([{ table: 'public.audit', message: 'not seeded: empty in production (stats file)' }]);
  });

  test('NULL fractions, distinct counts and widths follow the stats, keys stay unique, nothing is violated', async () => {
    const url = await freshDatabase(server.url());
    await withClient(url, (c) => c.query(SCHEMA));
    await seedDatabase(url, { rows: ROWS, stats: STATS });
    const m = await withClient(url, measure);
    expect(await withClient(url, findViolations)).toEqual([]);

    near(m.nickname.nulls, 0.3, 0.03);
    expect(m.nickname.distinct).toBe(50);
    near(m.nickname.width, 120, 6);
    // NOT NULL and UNIQUE: the fraction and the distinct count do not apply; the width does.
    expect(m.email).toEqual({ n: ROWS, distinct: ROWS, width: expect.any(Number) });
    near(m.email.width, 40, 3);
    // varchar(80) and CHECK (length(note) <= 60) bound the width.
    expect(m.bio.max).toBe(80);
    near(m.bio.avg, 80, 1);
    expect(m.note.max).toBeLessThanOrEqual(60);
    expect(m.note.max).toBeGreaterThan(50);
    expect(m.status.distinct).toBe(2);
    // A foreign key is never made NULL; it cycles through as many parent rows as production has distinct values.
    expect(m.countryNulls.n).toBe(0);
    expect(m.customerIds.distinct).toBe(50);
    near(m.comment.nulls, 0.3, 0.03);
    // -0.2: a fifth of the rows, NULLs included, are distinct values.
    near(m.comment.distinct, 0.2 * ROWS, 0.02 * ROWS);
    near(m.comment.width, 120, 6);
    near(m.payload.nulls, 0.3, 0.03);
    near(m.payload.width, 200, 6);
    near(m.blob.width, 120, 6);
    near(m.meta.width, 100, 6);
    // UNIQUE: never NULL, never repeated, but padded.
    expect(m.code).toEqual({ n: ROWS, distinct: ROWS, width: expect.any(Number) });
    near(m.code.width, 120, 6);
    // The default (now(), one value for all rows) gives way to production's distinct values.
    expect(m.createdAt.distinct).toBe(ROWS);
    // One distinct value in production is most likely the default: it stays.
    expect(m.defaults).toEqual({ active: ROWS, tiers: 3 });
    // A two-column CHECK keeps its columns as they are without statistics.
    expect(m.starts).toEqual({ n: ROWS, distinct: ROWS });
  });

  test('without a stats file, seeding is as before: unique values, no NULLs, defaults, enum labels cycled', async () => {
    const url = await freshDatabase(server.url());
    await withClient(url, (c) => c.query(SCHEMA));
    await seedDatabase(url, { rows: ROWS });
    const m = await withClient(url, measure);
    expect(await withClient(url, rowCounts)).toEqual({ 'public.countries': ROWS, 'public.customers': ROWS, 'public.orders': ROWS, 'public.audit': ROWS });
    expect(m.nickname).toEqual({ nulls: 0, distinct: ROWS, width: expect.any(Number) });
    expect(m.nickname.width).toBeLessThan(20);
    expect(m.status.distinct).toBe(4);
    expect(m.customerIds.distinct).toBe(ROWS);
    expect(m.comment.distinct).toBe(ROWS);
    expect(m.createdAt.distinct).toBe(1);
    expect(m.defaults).toEqual({ active: ROWS, tiers: 1 });
    expect(m.blob.width).toBe(17);
    expect(await withClient(url, findViolations)).toEqual([]);
  });
});
