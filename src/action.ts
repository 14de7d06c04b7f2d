/**
 * Action entry: readInputs() → runPipeline() → publish. This is the one place that fails the step.
 * The GitHub side (PR files, sticky comment, re-runs) arrives with the GitHub integration; for now the
 * action checks the configured paths and reports through the job summary, annotations and outputs.
 */
import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { ruleMetaForReport } from './analyze/rule-meta.js';
import { nodeFs } from './discover/index.js';
import { shouldFail } from './fail-on.js';
import { readInputs } from './inputs.js';
import { loadOptions } from './load-options.js';
import { runPipeline } from './pipeline.js';
import { renderGithub, renderMarkdown, renderSarif, highestSeverity } from './report/index.js';
import { ALL_RULES } from './rules/index.js';

async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const options = await loadOptions(inputs.options, inputs.configPath, process.cwd());
    if (options.paths.length === 0) options.paths = ['.'];
    const { report } = await runPipeline(options, { fs: nodeFs() });
    const rules = ruleMetaForReport(ALL_RULES);
    process.stdout.write(renderGithub(report, { rules }));
    await core.summary.addRaw(renderMarkdown(report, { rules })).write();
    if (inputs.sarifFile) await writeFile(inputs.sarifFile, renderSarif(report, { rules }));
    core.setOutput('errors', report.summary.errors);
    core.setOutput('warnings', report.summary.warnings);
    core.setOutput('findings', report.summary.errors + report.summary.warnings + report.summary.infos);
    core.setOutput('highest-severity', highestSeverity(report) ?? 'none');
    if (shouldFail(report, options.failOn)) core.setFailed(`migrascope: ${report.summary.errors} errors, ${report.summary.warnings} warnings (fail-on: ${options.failOn})`);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

await run();
