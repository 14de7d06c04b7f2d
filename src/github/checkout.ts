/**
 * The commit the workspace holds. A comment-triggered run starts from the default branch; checking anything but the
 * PR head it was asked about would report on the wrong SQL, so the run refuses unless they match.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function checkedOutSha(cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd, timeout: 30_000 });
    return stdout.trim();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error instanceof Error ? error.message : String(error));
    throw new Error(`Cannot tell which commit is checked out in ${cwd} (git rev-parse HEAD failed: ${detail.split('\n')[0]}). Check out the pull request head with actions/checkout before this step.`);
  }
}

export function checkoutMismatch(actual: string, headSha: string, pullNumber: number): string {
  return (
    `The checkout is at ${actual.slice(0, 12)}, not at the head of pull request #${pullNumber} (${headSha.slice(0, 12)}), so its migrations are not the ones to check. ` +
    `For issue_comment runs, check out the head commit first: look up the PR's head SHA and pass it as \`ref\` to actions/checkout ` +
    `(see docs/github-action.md, "Re-runs from a comment"). If the PR received a push meanwhile, run the command again.`
  );
}
