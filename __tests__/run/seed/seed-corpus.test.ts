/**
 * Every corpus project (../shared/corpus), all migrations applied as its framework would (the same setup as
 * ../corpus-run.test.ts, Lemmy's prelude and bookkeeping included), then seeded: no constraint violated, and no
 * table left empty without a note saying why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { discoverMigrations, nodeFs } from '../../../src/discover/index.js';
import { loadParser, parseSql } from '../../../src/parse/parse-sql.js';
import { applyFilePlain } from '../../../src/run/apply-plain.js';
import { startEmbedded, type EmbeddedServer, type RunFile, type RunOptions } from '../../../src/run/index.js';
import { seedDatabase } from '../../../src/run/seed/index.js';
import { findViolations, freshDatabase, rowCounts, withClient } from './seed-helpers.js';

const corpus = resolve(process.cwd(), '../shared/corpus');
const available = existsSync(corpus);
if (!available) console.log(`corpus seeding skipped: ${corpus} is not here (it is in CI)`);

const ROWS = Number(process.env.SEED_CORPUS_ROWS ?? 100_000);

const LEMMY_PRELUDE =
  'CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); SELECT pg_advisory_lock(0);';

function dieselVersion(path: string): string | null {
  const dir = /migrations\/([^/]+)\/up\.sql$/.exec(path)?.[1];
  return dir ? dir.split('_')[0].replace(/-/g, '') : null;
}

interface Project {
  folder: string;
  options?: Pick<RunOptions, 'beforeSql' | 'perFileSql'>;
  extra?: () => RunFile[];
}

const PROJECTS: Record<string, Project> = {
  LemmyNet__lemmy: {
    folder: 'migrations',
    options: {
      beforeSql: [LEMMY_PRELUDE],
      perFileSql: (file) => {
        const version = dieselVersion(file.path);
        return version ? `INSERT INTO __diesel_schema_migrations (version) VALUES ('${version}')` : null;
      },
    },
    extra: () => {
      const dir = join(corpus, 'LemmyNet__lemmy/crates/diesel_utils/replaceable_schema');
      const sql = ['CREATE SCHEMA r;', readFileSync(join(dir, 'utils.sql'), 'utf8'), readFileSync(join(dir, 'triggers.sql'), 'utf8')].join('\n');
      return [{ path: `${dir}/(utils.sql + triggers.sql)`, transaction: 'per-file', parsed: parseSql(sql) }];
    },
  },
  documenso__documenso: { folder: 'packages/prisma/migrations' },
  mindersec__minder: { folder: 'database/migrations' },
  MarquezProject__marquez: { folder: 'api/src/main/resources/marquez/db/migration' },
};

let server: EmbeddedServer;
beforeAll(async () => {
  await loadParser();
  server = await startEmbedded();
});
afterAll(async () => {
  await server?.stop();
});

/** The project's whole schema, applied on a fresh database of the test server; its URL. */
async function applyProject(name: string): Promise<string> {
  const project = PROJECTS[name];
  const discovered = await discoverMigrations([join(corpus, name, project.folder)], {}, nodeFs());
  const files: RunFile[] = [
    ...discovered.filter((f) => !f.isDown).map((f) => ({ path: f.path, transaction: f.transaction, parsed: parseSql(f.upSql) })),
    ...(project.extra?.() ?? []),
  ];
  const url = await freshDatabase(server.url);
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  try {
    for (const sql of project.options?.beforeSql ?? []) await session.query(sql);
    for (const file of files) {
      const failure = await applyFilePlain(session, file, project.options?.perFileSql?.(file) ?? null);
      if (failure) throw new Error(`${file.path}:${failure.line} ${failure.message}`);
    }
  } finally {
    await session.end();
  }
  return url;
}

(available ? describe : describe.skip)(`the corpus seeds at ${ROWS} rows per table`, () => {
  test.each(Object.keys(PROJECTS))('%s: no constraint violated, no table empty without a note', async (name) => {
    const url = await applyProject(name);
    const result = await seedDatabase(url, { rows: ROWS, concurrency: 2, onProgress: process.env.SEED_PROGRESS ? (m) => process.stderr.write(`${m}\n`) : undefined });
    const seconds = result.durationMs / 1000;
    console.log(
      `${name}: ${result.tables} tables, ${result.rows} rows in ${seconds.toFixed(1)} s (${Math.round(result.rows / seconds)} rows/s)\n` +
        result.notes.map((n) => `  ${n.table}: ${n.message}`).join('\n'),
    );
    const counts = await withClient(url, rowCounts);
    const noted = new Set(result.notes.map((n) => n.table));
    const silentlyEmpty = Object.entries(counts).filter(([table, n]) => n === 0 && !noted.has(table)).map(([t]) => t);
    expect(silentlyEmpty).toEqual([]);
    expect(await withClient(url, findViolations)).toEqual([]);
    // Most tables are full: a regression that empties them all must not pass on notes alone.
    const full = Object.values(counts).filter((n) => n >= ROWS).length;
    expect(full).toBeGreaterThanOrEqual(Object.keys(counts).length * 0.8);
  }, 600_000);
});
