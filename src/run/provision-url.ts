/**
 * --database-url: a server the user provides. We never touch its existing databases: the run gets a database of
 * its own, `migrascope_<random>`, dropped afterwards (also on Ctrl-C, as far as the server still answers).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { assertDisposableHost } from './host-check.js';
import { onTermination } from './signals.js';

export interface RunDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createRunDatabase(databaseUrl: string, allowRemote: boolean): Promise<RunDatabase> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  // pg resolves host, port and defaults (PGHOST, the socket dir) exactly as it will connect.
  await assertDisposableHost(admin.host, allowRemote);
  await admin.connect();
  const name = `migrascope_${randomBytes(6).toString('hex')}`;
  try {
    // From template0: whatever a site added to template1 is not part of the schema under test.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === '42501') {
      const role = (await admin.query('SELECT current_user AS u').catch(() => null))?.rows[0]?.u ?? admin.user;
      throw new Error(
        `role "${role}" may not create databases (${e.message}); migrascope needs the CREATEDB privilege to make a disposable ` +
          `database for the run: ALTER ROLE "${role}" CREATEDB, or leave out --database-url to use the embedded server`,
      );
    }
    throw new Error(`could not create the run database "${name}" on ${describeServer(admin)}: ${e.message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }

  const drop = async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('error', () => undefined);
    await c.connect();
    try {
      // FORCE (PostgreSQL 13+) ends the run's own sessions, e.g. a probe still waiting.
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(async (error: { code?: string }) => {
        if (error.code !== '42601') throw error;
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
      });
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const unregister = onTermination(drop);
  let dropped = false;
  return {
    url: withDatabase(databaseUrl, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      unregister();
      await drop();
    },
  };
}

/** The same URL pointing at another database (the path of a postgres:// URL names it). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function describeServer(c: pg.Client): string {
  return `${c.host}:${c.port}`;
}
