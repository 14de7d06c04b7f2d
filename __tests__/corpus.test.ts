/**
 * Every file of every real project in ../shared/corpus produces a report without a crash, and the only syntax
 * errors are the two files Postgres itself rejects (named in the corpus README). A user's clone has no
 * ../shared, so this suite says so and skips there; CI has it and runs it in full.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultOptions } from '../src/config.js';
import { nodeFs } from '../src/discover/index.js';
import { runPipeline } from '../src/pipeline.js';

const corpus = resolve(process.cwd(), '../shared/corpus');
const available = existsSync(corpus);
if (!available) console.log(`corpus tests skipped: ${corpus} is not here (it is in CI)`);

const PROJECTS: Array<[string, string]> = [
  ['LemmyNet__lemmy', 'migrations'],
  ['documenso__documenso', 'packages/prisma/migrations'],
  ['mindersec__minder', 'database/migrations'],
  ['MarquezProject__marquez', 'api/src/main/resources/marquez/db/migration'],
];

const REJECTED_BY_POSTGRES = [
  'mindersec__minder/database/migrations/000003_rule_evaluations_pr_num.down.sql:16',
  'mindersec__minder/database/migrations/000099_eea_entity_instance_idx.down.sql:8',
];

(available ? describe : describe.skip)('real migration corpus', () => {
  const syntaxErrors: string[] = [];

  test.each(PROJECTS)('%s: every file, up and down, is reported without an internal error', async (project, folder) => {
    const { report } = await runPipeline({ ...defaultOptions(), paths: [join(corpus, project, folder)], includeDown: true, rules: {} }, { fs: nodeFs() });
    expect(report.files.length).toBeGreaterThan(50);
    const internal = [...report.notes, ...report.files.flatMap((f) => f.findings)].filter((f) => f.ruleId === 'internal-error');
    expect(internal.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    for (const f of report.files.flatMap((file) => file.findings)) {
      if (f.ruleId === 'syntax-error') syntaxErrors.push(`${f.file.slice(corpus.length + 1)}:${f.line}`);
    }
  });

  test('the only syntax errors are the files Postgres itself rejects, first reported where Postgres stops', () => {
    // Postgres stops at a file's first error; migrascope reports every bad statement, so compare first errors.
    const firstPerFile = new Map<string, string>();
    for (const e of syntaxErrors.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      const file = e.slice(0, e.lastIndexOf(':'));
      if (!firstPerFile.has(file)) firstPerFile.set(file, e);
    }
    expect([...firstPerFile.values()]).toEqual(REJECTED_BY_POSTGRES);
  });
});
