/**
 * The only reader of action inputs. Turns them into Options with the same validation as the CLI and config.
 */
import * as core from '@actions/core';
import { parseFailOn, parsePgVersion, type Options } from './config.js';

export interface ActionInputs {
  options: Partial<Options>;
  configPath: string | undefined;
  sarifFile: string | undefined;
}

export function readInputs(): ActionInputs {
  const migrations = core.getMultilineInput('migrations').flatMap((line) => line.split(',')).map((p) => p.trim()).filter(Boolean);
  const pgVersion = core.getInput('pg-version');
  const failOn = core.getInput('fail-on');
  return {
    options: {
      paths: migrations,
      pgVersion: pgVersion ? parsePgVersion(pgVersion, 'input pg-version') : undefined,
      failOn: failOn ? parseFailOn(failOn, 'input fail-on') : undefined,
    },
    configPath: core.getInput('config') || undefined,
    sarifFile: core.getInput('sarif-file') || undefined,
  };
}
