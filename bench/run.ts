/**
 * npm run bench: lints every SQL file of ../shared/corpus with migrascope (the bundled CLI, whole process) and
 * with squawk-cli on the same files in the same run, and prints files/s and the time ratio.
 * Median of several runs each, alternating, so both see the same machine state.
 * Then the database run's overhead (run-overhead.ts) and the seeding rate against COPY (seed.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from './util.js';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/corpus');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

if (!existsSync(corpus)) {
  console.log(`bench: ${corpus} not found; the corpus benchmark needs ../shared/corpus beside the project.`);
  process.exit(0);
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

const projects = readdirSync(corpus).filter((p) => p.includes('__'));
const files = projects.flatMap((p) => sqlFiles(join(corpus, p)));
const megabytes = files.reduce((sum, f) => sum + statSync(f).size, 0) / 1e6;

const migrascope = [join(root, 'dist/cli.js'), 'check', '--no-run', '--include-down', '--format', 'json', '--fail-on', 'never', ...projects.map((p) => join(corpus, p))];
const squawkBin = join(root, 'node_modules/.bin/squawk');

function time(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (command === process.execPath && result.status !== 0) throw new Error(`migrascope exited ${result.status}: ${result.stderr}`);
  return ms;
}


// What each tool saw, so the comparison is honest about coverage.
const report = JSON.parse(execFileSync(process.execPath, migrascope, { maxBuffer: 1 << 30, encoding: 'utf8' }));
const checked = report.files.length;
const findings = report.summary.errors + report.summary.warnings + report.summary.infos;
const squawkVersion = execFileSync(squawkBin, ['--version'], { encoding: 'utf8' }).trim();

const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  ours.push(time(process.execPath, migrascope));
  theirs.push(time(squawkBin, files));
}
const m = median(ours);
const s = median(theirs);

console.log(`corpus: ${files.length} .sql files (${megabytes.toFixed(1)} MB) in ${projects.length} projects; migrascope checked ${checked} migration files (up and down), ${findings} findings`);
console.log(`migrascope (whole process, dist/cli.js): median ${m.toFixed(0)} ms over ${RUNS} runs, ${(checked / (m / 1000)).toFixed(0)} files/s`);
console.log(`${squawkVersion} (whole process, same files):  median ${s.toFixed(0)} ms over ${RUNS} runs, ${(files.length / (s / 1000)).toFixed(0)} files/s`);
console.log(`ratio migrascope/squawk: ${(m / s).toFixed(2)}x ${m <= s ? '(migrascope is no slower)' : '(migrascope is slower)'}`);
console.log('  (migrascope here is static only, --no-run: squawk never connects to a database)');

const { benchRunOverhead } = await import('./run-overhead.js');
await benchRunOverhead(corpus, Number(process.env.BENCH_RUN_RUNS ?? 3));

const { benchSeed } = await import('./seed.js');
await benchSeed(Number(process.env.BENCH_SEED_RUNS ?? 3));
