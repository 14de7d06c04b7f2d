/**
 * Every corpus project (../shared/corpus), all migrations applied as its framework would (the same setup as
 * ../corpus-run.test.ts, Lemmy's prelude and bookkeeping included), then seeded: no constraint violated, and no
 * table left empty without a note saying why.
 */
import pg from 'pg';
import { loadParser } from '../../../src/parse/parse-sql.js';
import { applyFilePlain } from '../../../src/run/apply-plain.js';
import { startEmbedded, type EmbeddedServer } from '../../../src/run/index.js';
import { CORPUS_PROJECTS, corpus, corpusAvailable, corpusRunFiles } from '../../helpers/corpus-projects.js';
import { seedDatabase } from '../../../src/run/seed/index.js';
import { findViolations, freshDatabase, rowCounts, withClient } from './seed-helpers.js';

if (!corpusAvailable) console.log(`corpus seeding skipped: ${corpus} is not here (it is in CI)`);

const ROWS = Number(process.env.SEED_CORPUS_ROWS ?? 100_000);

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
  const project = CORPUS_PROJECTS[name];
  const files = await corpusRunFiles(name);
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

(corpusAvailable ? describe : describe.skip)(`the corpus seeds at ${ROWS} rows per table`, () => {
  test.each(Object.keys(CORPUS_PROJECTS))('%s: no constraint violated, no table empty without a note', async (name) => {
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
