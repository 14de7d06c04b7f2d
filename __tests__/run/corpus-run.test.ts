/**
 * Every project of ../shared/corpus applies in order through the run: all but the last five files as base, the
 * last five traced, without an execution error. Lemmy needs what its own runner does: diesel's bookkeeping table
 * and advisory lock first, each version recorded inside its migration's transaction, and the replaceable schema
 * as the final step (see ../shared/corpus/order/LemmyNet__lemmy.txt).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { parseSql } from '../../src/parse/parse-sql.js';
import type { RunFile, RunOptions } from '../../src/run/index.js';
import { run, useServer } from './run-helpers.js';

const corpus = resolve(process.cwd(), '../shared/corpus');
const available = existsSync(corpus);
if (!available) console.log(`corpus run skipped: ${corpus} is not here (it is in CI)`);

const CHECKED = 5;

interface Project {
  folder: string;
  options?: RunOptions;
  /** Steps the project's runner adds after its migrations. */
  extra?: () => RunFile[];
}

const LEMMY_PRELUDE =
  'CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); SELECT pg_advisory_lock(0);';

/** diesel's version: the directory name up to the first "_", dashes removed. */
function dieselVersion(path: string): string | null {
  const dir = /migrations\/([^/]+)\/up\.sql$/.exec(path)?.[1];
  return dir ? dir.split('_')[0].replace(/-/g, '') : null;
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

const server = useServer();

(available ? describe : describe.skip)('the real corpus applies through the run', () => {
  test.each(Object.keys(PROJECTS))('%s: in order, the last five traced, with no execution error', async (name) => {
    const project = PROJECTS[name];
    const discovered = await discoverMigrations([join(corpus, name, project.folder)], {}, nodeFs());
    const files: RunFile[] = [
      ...discovered.filter((f) => !f.isDown).map((f) => ({ path: f.path, transaction: f.transaction, parsed: parseSql(f.upSql) })),
      ...(project.extra?.() ?? []),
    ];
    const order = readFileSync(join(corpus, 'order', `${name}.txt`), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(files.length).toBeGreaterThanOrEqual(order.length - 1);

    const base = files.slice(0, -CHECKED);
    const checked = files.slice(-CHECKED);
    const result = await run(server.url(), base, checked, { ...project.options, timeoutMs: 120000 });
    expect(result.baseFailure).toBeNull();
    const failures = result.findings.filter((f) => ['run-statement-failed', 'run-timeout', 'run-base-failed'].includes(f.ruleId));
    expect(failures.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    for (const file of checked) {
      const executions = result.executions.get(file.path)!;
      expect(executions).toHaveLength(file.parsed.statements.length);
      expect(executions.every((e) => e !== null && e.error === null)).toBe(true);
    }
    expect(result.run.baseFiles).toBe(base.length);
  });
});
