/**
 * One run's database, from provisioning to teardown: the migration's session (with the run's statement_timeout),
 * a lazily opened observer session, the run's time limit, and cleanup that always happens.
 */
import { provision, type RunTarget } from './provision.js';
import { backendPid, closeAll, connect, elapsed, type Session } from './session.js';
import { readLocksOf } from './trace-catalog.js';
import { RUN_DEFAULTS, type RunOptions } from './types.js';

export interface Database {
  url: string;
  /** The session the migrations run in. */
  main: Session;
  mainPid: number;
  /** e.g. `PostgreSQL 17.10 (embedded)`. */
  server: string;
  serverMajor: number;
  database: 'embedded' | 'url';
  /** performance.now() when the run began. */
  startedAt: number;
  /** From the call until the server took its first statement. */
  provisionMs: number;
  /** The run's time limit has passed; the statement then running was cancelled. */
  timedOut: boolean;
  /** Aborted when the run's time limit passes: work on other sessions (seeding) stops with it. */
  deadline: AbortSignal;
  /** A second session for watching the first (opened on first use). */
  observer(): Promise<Session>;
  onClose(fn: () => Promise<void> | void): void;
  progress(message: string): void;
}

export async function withDatabase<T>(options: RunOptions, work: (db: Database) => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? RUN_DEFAULTS.timeoutMs;
  let target: RunTarget | null = null;
  const sessions: Session[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  let deadline: NodeJS.Timeout | undefined;
  const expired = new AbortController();
  try {
    target = await provision(options, progress);
    const url = target.url;
    const main = await connect(url, 'migration');
    sessions.push(main);
    const info = (await main.query<{ version: string; num: number }>("SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num")).rows[0];
    const serverMajor = Math.floor(info.num / 10000);
    await main.query(`SET statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    let observer: Promise<Session> | null = null;
    const db: Database = {
      url,
      main,
      mainPid: await backendPid(main),
      server: describeServer(info.version, target.database, serverMajor, options.pgVersion),
      serverMajor,
      database: target.database,
      startedAt,
      provisionMs: elapsed(startedAt),
      timedOut: false,
      deadline: expired.signal,
      observer: () => {
        observer ??= connect(url, 'observer').then(async (s) => {
          sessions.push(s);
          // The first pg_locks query pays for catalog lookups; pay before a statement is being watched.
          await readLocksOf(s, db.mainPid);
          return s;
        });
        return observer;
      },
      onClose: (fn) => closers.push(fn),
      progress,
    };
    // statement_timeout bounds one statement, and a migration may SET its own: the run's limit is enforced apart.
    deadline = setTimeout(() => {
      db.timedOut = true;
      expired.abort(new Error(`the run's time limit (${Math.round(timeoutMs / 1000)} s) passed`));
      void db.observer().then((o) => o.query('SELECT pg_cancel_backend($1)', [db.mainPid])).catch(() => undefined);
    }, timeoutMs);
    return await work(db);
  } finally {
    clearTimeout(deadline);
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    await closeAll(sessions);
    await target?.dispose();
  }
}

function describeServer(version: string, database: 'embedded' | 'url', major: number, asked: number | undefined): string {
  if (database === 'url') return `PostgreSQL ${version.split(' ')[0]} (database-url)`;
  const mismatch = asked && asked !== major ? `; PostgreSQL ${asked} was asked for, the embedded server is ${major}` : '';
  return `PostgreSQL ${version.split(' ')[0]} (embedded${mismatch})`;
}
