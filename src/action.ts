/**
 * Action entry: readInputs() → startJob() (what the event asks for) → runPipeline() → publish. This is the one place
 * that fails the step.
 *
 * The report is safe before anything talks to GitHub for writing: it goes to the log (with workflow commands stopped
 * around author-written text), the job summary and the report files first; the PR comment, annotations, status and
 * outputs follow. Whether the step fails depends on the findings and `fail-on` only, never on a comment that could
 * not be written.
 */
import * as core from '@actions/core';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { settleFinding } from './analyze/configure-rules.js';
import { ruleMetaForReport } from './analyze/rule-meta.js';
import type { Options } from './config.js';
import { nodeFs } from './discover/index.js';
import { shouldFail } from './fail-on.js';
import { composeSummary, selectAnnotations } from './github/compose.js';
import { readRunContext } from './github/event.js';
import { startJob, type Job } from './github/job.js';
import { withCommandsStopped, type Log } from './github/log.js';
import type { RunOverrides } from './github/run-parameters.js';
import { readInputs } from './inputs.js';
import { loadOptions } from './load-options.js';
import { runPipeline } from './pipeline.js';
import { runMigrations } from './run/index.js';
import {
  allFindings,
  countSeverities,
  highestSeverity,
  neutraliseWorkflowCommands,
  renderJson,
  renderSarif,
  renderText,
  type Finding,
  type Report,
  type RuleMetaForReport,
} from './report/index.js';
import { ALL_RULES } from './rules/index.js';
import { VERSION } from './version.js';

const log: Log = {
  info: (message) => core.info(neutraliseWorkflowCommands(message)),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
};

function withOverrides(options: Options, overrides: RunOverrides): Options {
  return {
    ...options,
    ...(overrides.pgVersion !== undefined ? { pgVersion: overrides.pgVersion } : {}),
    ...(overrides.failOn !== undefined ? { failOn: overrides.failOn } : {}),
    ...(overrides.seedRows !== undefined ? { seedRows: overrides.seedRows } : {}),
    ...(overrides.productionRows !== undefined ? { productionRows: { ...options.productionRows, default: overrides.productionRows } } : {}),
  };
}

/** History findings belong to the checked file they are about, or to the notes when the file is gone. */
function addFindings(report: Report, findings: readonly Finding[], settings: Options['rules']): void {
  for (const found of findings) {
    const f = settleFinding(found, settings);
    if (!f) continue;
    const file = report.files.find((r) => r.path === f.file);
    if (file) file.findings.push(f);
    else report.notes.push(f);
  }
  report.summary = countSeverities(allFindings(report));
}

function setOutputs(report: Report, reportJson: string, commentUrl: string | null): void {
  const { summary } = report;
  core.setOutput('findings', summary.errors + summary.warnings + summary.infos);
  core.setOutput('errors', summary.errors);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('highest-severity', highestSeverity(report) ?? 'none');
  core.setOutput('report-json', reportJson);
  core.setOutput('comment-url', commentUrl ?? '');
}

/** Nothing to check is still a report (an empty one), so steps after this one can rely on the files being there. */
function emptyReport(options: Options): Report {
  return { schemaVersion: 1, tool: { name: 'migrascope', version: VERSION }, pgVersion: options.pgVersion, files: [], notes: [], summary: { errors: 0, warnings: 0, infos: 0 }, run: null, queries: [], schemaDiff: null };
}

/** The JSON report under RUNNER_TEMP (its path is an output) and the SARIF file when asked for. */
async function writeReportFiles(report: Report, sarifFile: string | undefined, rules: RuleMetaForReport[]): Promise<string> {
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'migrascope-'));
  const path = join(dir, 'report.json');
  await writeFile(path, renderJson(report));
  if (sarifFile) {
    await mkdir(dirname(sarifFile), { recursive: true });
    await writeFile(sarifFile, renderSarif(report, { rules }));
  }
  return path;
}

async function run(): Promise<void> {
  let job: Job | null = null;
  try {
    const inputs = readInputs();
    const cwd = process.cwd();
    job = await startJob(inputs, readRunContext(), log);
    if (job.kind === 'skip') {
      core.info(neutraliseWorkflowCommands(job.reason));
      return;
    }
    await job.prepare(cwd);
    const options = withOverrides(await loadOptions(inputs.options, inputs.configPath, cwd), job.overrides);
    const rules = ruleMetaForReport(ALL_RULES);
    const scope = await job.scope(options, cwd);
    if (scope.kind === 'nothing') {
      const empty = emptyReport(options);
      const reportJson = await writeReportFiles(empty, inputs.sarifFile, rules);
      const { commentUrl } = await job.finishNothingToCheck(options, scope.reason);
      setOutputs(empty, reportJson, commentUrl);
      return;
    }

    const { report, sources } = await runPipeline(
      { ...options, paths: scope.paths, base: scope.base },
      // The database run only ever happens on the service container named by database-url (options.run is false
      // without one), never on the runner itself.
      { fs: nodeFs(), runMigrations: options.run ? runMigrations : undefined, onProgress: (message) => log.info(message) },
    );
    addFindings(report, scope.history, options.rules);
    const failed = shouldFail(report, options.failOn);
    const context = job.reportContext(options);

    // 1. The log: SQL and identifiers come from the PR author, so no line of it may act as a workflow command.
    core.startGroup('migrascope report');
    process.stdout.write(withCommandsStopped(renderText(report, { sources })));
    core.endGroup();
    // 2. Summary and files: the report survives whatever GitHub's API does next.
    await core.summary.addRaw(composeSummary(report, context, { rules })).write();
    const reportJson = await writeReportFiles(report, inputs.sarifFile, rules);
    // 3. GitHub: comment, commit status, reactions (failures are logged by the job, not thrown).
    const { commentUrl } = await job.publish(report, options, failed);
    // 4. Annotations on the changed lines, within GitHub's per-step limits.
    const annotations = selectAnnotations(report, commentUrl ? { label: 'pull request comment', url: commentUrl } : { label: 'job summary', url: context.runUrl });
    if (annotations.length) process.stdout.write(`${annotations.join('\n')}\n`);

    setOutputs(report, reportJson, commentUrl);
    const counts = `${report.summary.errors} error(s), ${report.summary.warnings} warning(s)`;
    if (failed) core.setFailed(`migrascope: ${counts} (fail-on: ${options.failOn})`);
    else core.info(`migrascope: ${counts} (fail-on: ${options.failOn}): passed`);
  } catch (error) {
    if (job?.kind === 'check') await job.abort(error);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

await run();
