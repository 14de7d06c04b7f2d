/**
 * GitHub Actions workflow commands (`::error file=…::message`). Escaping is byte-for-byte what @actions/core does
 * (`escapeData` / `escapeProperty` in its command.js), so the runner decodes exactly what we meant: with `\r` and
 * `\n` encoded, text from a PR author can never end our line and begin a command of its own.
 */

export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandProperty = readonly [name: string, value: string | number | null | undefined];

/** `::command k=v,k=v::message`. Empty values are left out, as @actions/core leaves out falsy ones. */
export function formatWorkflowCommand(command: string, properties: readonly CommandProperty[], message: string): string {
  const props = properties
    .filter(([, value]) => value !== null && value !== undefined && value !== '' && value !== 0)
    .map(([name, value]) => `${name}=${escapeCommandProperty(String(value))}`);
  return `::${command}${props.length ? ` ${props.join(',')}` : ''}::${escapeCommandData(message)}`;
}

/**
 * The runner treats any log line whose first non-blank text is `::` (or the legacy `##[`) as a command. Output that
 * may reach a job log with author-controlled text at the start of a line (a file path, say) gets a zero-width space
 * in front of such lines: invisible to a reader, and not whitespace to the runner, so the line is no longer a command.
 */
const COMMAND_START = /^[\s\u0085]*(?:::|##\[)/;

export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split('\n')
    .map((line) => (COMMAND_START.test(line) ? `\u200b${line}` : line))
    .join('\n');
}
