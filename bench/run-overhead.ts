/**
 * The database run's costs, measured on a real corpus project in one run of the bench:
 * - tracing overhead: a plain apply of the whole project vs the same project where the last files are traced
 *   (what a pull request check does) and vs tracing every statement, each on a fresh database of one server;
 * - time to first statement: starting an embedded PostgreSQL plus applying the base, as a CLI user waits for it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverMigrations, nodeFs } from '../src/discover/index.js';
import { loadParser, parseSql } from '../src/parse/parse-sql.js';
import { applyPlain, runMigrations, startEmbedded, type RunFile } from '../src/run/index.js';
import { median } from './util.js';

const PROJECT = 'documenso__documenso';
const FOLDER = 'packages/prisma/migrations';
const CHECKED = 5;


export async function benchRunOverhead(corpus: string, runs: number): Promise<void> {
  const dir = join(corpus, PROJECT, FOLDER);
  if (!existsSync(dir)) return;
  await loadParser();
  const files: RunFile[] = (await discoverMigrations([dir], {}, nodeFs()))
    .filter((f) => !f.isDown)
    .map((f) => ({ path: f.path, transaction: f.transaction, format: f.format, parsed: parseSql(f.upSql) }));
  const statements = files.reduce((n, f) => n + f.parsed.statements.length, 0);
  const server = await startEmbedded();
  try {
    const options = { databaseUrl: server.url };
    const plain: number[] = [];
    const prShaped: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Wall time inside one server, fresh database each: provisioning a database is in all three alike.
      let t = performance.now();
      const p = await applyPlain(files, options);
      plain.push(performance.now() - t);
      if (p.failure) throw new Error(`plain apply failed: ${p.failure.file}:${p.failure.line} ${p.failure.message}`);
      t = performance.now();
      await runMigrations(files.slice(0, -CHECKED), files.slice(-CHECKED), options);
      prShaped.push(performance.now() - t);
      t = performance.now();
      await runMigrations([], files, options);
      full.push(performance.now() - t);
    }
    const p = median(plain);
    const r = median(prShaped);
    const f = median(full);
    console.log(`\ndatabase run on ${PROJECT} (${files.length} files, ${statements} statements), medians of ${runs}:`);
    console.log(`  plain apply (no tracing):                   ${p.toFixed(0)} ms`);
    console.log(`  last ${CHECKED} files traced (a PR check):          ${r.toFixed(0)} ms  overhead ${(((r - p) / p) * 100).toFixed(0)}% (aim: under 25%)`);
    console.log(`  every statement traced:                     ${f.toFixed(0)} ms  overhead ${(((f - p) / p) * 100).toFixed(0)}% (≈${((f - p) / statements).toFixed(2)} ms per statement)`);
  } finally {
    await server.stop();
  }

  // What a CLI user waits for before the first checked statement: an embedded server and the base.
  const firsts: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const result = await runMigrations(files.slice(0, -CHECKED), files.slice(-CHECKED), {});
    firsts.push(result.run.timeToFirstStatementMs);
  }
  console.log(`  time to first statement (embedded start + ${files.length - CHECKED} base files): ${median(firsts).toFixed(0)} ms`);
}
