/**
 * The job log as src/github sees it. Only src/action.ts touches @actions/core; it hands this in, so everything here
 * stays testable with a plain object.
 */
import { randomBytes } from 'node:crypto';

export interface Log {
  /** A plain log line. The implementation neutralises workflow commands: messages may quote paths from the PR. */
  info(message: string): void;
  /** A warning annotation without a file (GitHub shows it on the run page). */
  warning(message: string): void;
  debug(message: string): void;
}

/**
 * Wraps text that may hold anything a PR author wrote (SQL, identifiers) in `::stop-commands::<token>` …
 * `::<token>::`: while stopped, the runner treats no line as a workflow command, whatever it starts with. The token is
 * random per call, so the text cannot contain the line that resumes commands.
 */
export function withCommandsStopped(text: string, token = randomBytes(16).toString('hex')): string {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `::stop-commands::${token}\n${body}::${token}::\n`;
}
