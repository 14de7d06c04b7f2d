/**
 * Killing migrascope mid-run leaves no PostgreSQL process and no temp data: SIGINT and SIGTERM through our
 * handlers (exit 130 / 143), SIGKILL through the watchdog that outlives us.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const CHILD = join(process.cwd(), '__tests__/fixtures/run/kill-child.ts');
const EXIT_CODE_CHILD = join(process.cwd(), '__tests__/fixtures/run/exit-code-child.ts');

interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  dataDir: string;
  postgresPids: number[];
}

/** Starts the child and waits until its migration is sleeping inside PostgreSQL. */
async function startChild(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  const dataDir = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start its migration:\n${output}`)), 30000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const dir = /PostgreSQL started in (\S+) on port/.exec(output)?.[1];
      if (dir && output.includes('running sleep.sql')) {
        clearTimeout(timer);
        resolve(dir);
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    void exited.then(() => reject(new Error(`child exited early:\n${output}`)));
  });
  // Let pg_sleep begin.
  await new Promise((r) => setTimeout(r, 500));
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { child, exited, dataDir, postgresPids: [postmaster, ...childrenOf(postmaster)] };
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => statOf(p)?.ppid === pid);
}

function statOf(pid: number): { ppid: number; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== null && stat.state !== 'Z';
}

function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const linux = process.platform === 'linux';
if (!linux) console.log('teardown tests skipped: they read /proc, which only Linux has');

(linux ? describe : describe.skip)('killing a run leaves nothing behind', () => {
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGKILL', null],
  ] as const)('%s', async (signal, exitCode) => {
    const { child, exited, dataDir, postgresPids } = await startChild();
    const tempDir = dirname(dataDir);
    expect(postgresPids.length).toBeGreaterThan(1);
    expect(postgresPids.every(alive)).toBe(true);
    child.kill(signal);
    const exit = await exited;
    if (exitCode === null) expect(exit.signal).toBe('SIGKILL');
    else expect(exit.code).toBe(exitCode);
    const clean = () => !postgresPids.some(alive) && processesMentioning(dataDir).length === 0 && !existsSync(tempDir);
    expect(await eventually(clean, 5000)).toBe(true);
  });
});

test("a process that used the embedded server still exits with its own exit code (process.exitCode)", async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', EXIT_CODE_CHILD], { cwd: process.cwd(), stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(3);
});
