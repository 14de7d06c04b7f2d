/**
 * The four projects of ../shared/corpus as their own migration runners apply them: folders, and what Lemmy's
 * runner adds (diesel's bookkeeping table and advisory lock first, each version recorded inside its migration's
 * transaction, the replaceable schema as the final step; see ../shared/corpus/order/LemmyNet__lemmy.txt).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { parseSql } from '../../src/parse/parse-sql.js';
import type { RunFile, RunOptions } from '../../src/run/index.js';

export const corpus = resolve(process.cwd(), '../shared/corpus');
export const corpusAvailable = existsSync(corpus);

export interface CorpusProject {
  folder: string;
  options?: Pick<RunOptions, 'beforeSql' | 'perFileSql'>;
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

export const CORPUS_PROJECTS: Record<string, CorpusProject> = {
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

/** A project's up migrations in apply order, parsed, plus its runner's extra steps. */
export async function corpusRunFiles(name: string): Promise<RunFile[]> {
  const project = CORPUS_PROJECTS[name];
  const discovered = await discoverMigrations([join(corpus, name, project.folder)], {}, nodeFs());
  return [
    ...discovered.filter((f) => !f.isDown).map((f) => ({ path: f.path, transaction: f.transaction, format: f.format, parsed: parseSql(f.upSql) })),
    ...(project.extra?.() ?? []),
  ];
}
