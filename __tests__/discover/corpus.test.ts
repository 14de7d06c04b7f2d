import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import type { TransactionMode } from '../../src/report/types.js';

/** Real projects kept beside the repository (shared/corpus); clones elsewhere do not have it. */
const CORPUS = path.resolve(process.cwd(), '../shared/corpus');

const PROJECTS: Array<[project: string, migrations: string]> = [
  ['LemmyNet__lemmy', 'migrations'],
  ['documenso__documenso', 'packages/prisma/migrations'],
  ['mindersec__minder', 'database/migrations'],
  ['MarquezProject__marquez', 'api/src/main/resources/marquez/db/migration'],
];

const HOW: Record<TransactionMode, string> = { 'per-file': 'tx', implicit: 'exec', none: 'autocommit' };

/** `path<TAB>how` lines; Lemmy's final step runs files outside its migrations folder, which are not migrations. */
function expectedOrder(project: string, migrations: string): string[] {
  return readFileSync(path.join(CORPUS, 'order', `${project}.txt`), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && line.startsWith(`${migrations}/`));
}

const describeCorpus = existsSync(CORPUS) ? describe : describe.skip;

describeCorpus('real-world corpus (../shared/corpus)', () => {
  it.each(PROJECTS)('%s: up files in apply order with the framework transaction mode', async (project, migrations) => {
    const root = path.join(CORPUS, project);
    const files = await discoverMigrations([path.join(root, migrations)], {}, nodeFs());
    const got = files.map((f) => `${path.relative(root, f.path).split(path.sep).join('/')}\t${HOW[f.transaction]}`);
    expect(got).toEqual(expectedOrder(project, migrations));
  });
});
