/** Connections of a run: the migration's own session, an observer, and blocking probes. */
import pg from 'pg';

export type Session = pg.Client;

export async function connect(url: string, role: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url, application_name: `migrascope ${role}` });
  // A server that goes away mid-run rejects the pending query; the 'error' event must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A session for one piece of work, closed after it whatever happens. */
export async function withSession<T>(url: string, role: string, work: (session: Session) => Promise<T>): Promise<T> {
  const session = await connect(url, role);
  try {
    return await work(session);
  } finally {
    await session.end().catch(() => undefined);
  }
}

export async function backendPid(session: Session): Promise<number> {
  return (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
}

export async function closeAll(sessions: Iterable<Session | null | undefined>): Promise<void> {
  await Promise.all([...sessions].map((s) => s?.end().catch(() => undefined)));
}

export function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}
