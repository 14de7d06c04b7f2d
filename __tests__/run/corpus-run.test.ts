/**
 * Every project of ../shared/corpus applies in order through the run: all but the last five files as base, the
 * last five traced, without an execution error. Lemmy needs what its own runner does: diesel's bookkeeping table
 * and advisory lock first, each version recorded inside its migration's transaction, and the replaceable schema
 * as the final step (see ../shared/corpus/order/LemmyNet__lemmy.txt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_PROJECTS, corpus, corpusAvailable, corpusRunFiles } from '../helpers/corpus-projects.js';
import { run, useServer } from './run-helpers.js';

if (!corpusAvailable) console.log(`corpus run skipped: ${corpus} is not here (it is in CI)`);

const CHECKED = 5;

const server = useServer();

(corpusAvailable ? describe : describe.skip)('the real corpus applies through the run', () => {
  test.each(Object.keys(CORPUS_PROJECTS))('%s: in order, the last five traced, with no execution error', async (name) => {
    const project = CORPUS_PROJECTS[name];
    const files = await corpusRunFiles(name);
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
