/**
 * Blocking impact, measured rather than inferred: while the migration holds a lock on an existing table, a probe
 * session keeps asking for the lock a read (ACCESS SHARE) or a write (ROW EXCLUSIVE) of that table would take,
 * with a short lock_timeout, and adds up how long Postgres made it wait. It never reads or writes a row.
 *
 * The wait is timed by the server (clock_timestamp() around the LOCK), so network and event-loop delays of ours
 * do not count as blocking.
 */
import { quoteIdent } from '../sql/names.js';
import type { Relation } from './trace-catalog.js';
import { connect, type Session } from './session.js';

export type ProbeKind = 'read' | 'write';

/** Each attempt gives up after this long and starts again; short enough to notice the run going on. */
export const PROBE_LOCK_TIMEOUT_MS = 100;
/** Pause between attempts that were granted at once (the lock was not held yet). */
const IDLE_MS = 2;

export interface Probe {
  kind: ProbeKind;
  table: Relation;
  /** Ends the probe and resolves to the milliseconds it was kept waiting. */
  stop(): Promise<number>;
}

/** Reuses probe sessions: connecting costs more than a probe's whole life on a fast statement. */
export class ProbePool {
  private readonly idle: Session[] = [];
  private readonly all: Session[] = [];
  private closed = false;

  constructor(private readonly url: string) {}

  /** Opens sessions ahead of need, while other work goes on. */
  warm(count: number): void {
    for (let i = 0; i < count; i++) void this.open().then((s) => this.release(s), () => undefined);
  }

  async acquire(): Promise<Session> {
    return this.idle.pop() ?? this.open();
  }

  release(session: Session): void {
    if (this.closed) void session.end().catch(() => undefined);
    else this.idle.push(session);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((s) => s.end().catch(() => undefined)));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private async open(): Promise<Session> {
    const session = await connect(this.url, 'probe');
    this.all.push(session);
    await session.query(`SET lock_timeout = ${PROBE_LOCK_TIMEOUT_MS}; SET statement_timeout = 0`);
    if (this.closed) await session.end().catch(() => undefined);
    return session;
  }
}

function probeSql(table: Relation, kind: ProbeKind): string {
  const name = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  // LOCK TABLE refuses materialized views; an empty SELECT takes the same ACCESS SHARE lock without reading.
  const request =
    table.kind === 'm' ? `SELECT FROM ${name} LIMIT 0` : `LOCK TABLE ONLY ${name} IN ${kind === 'read' ? 'ACCESS SHARE' : 'ROW EXCLUSIVE'} MODE`;
  // One multi-statement query is one implicit transaction: the lock is released as soon as it is granted.
  const clock = 'SELECT extract(epoch FROM clock_timestamp()) * 1000 AS t';
  return `${clock}; ${request}; ${clock}`;
}

export function startProbe(pool: ProbePool, table: Relation, kind: ProbeKind): Probe {
  let running = true;
  let waitedMs = 0;
  let session: Session | null = null;
  const sql = probeSql(table, kind);
  const loop = (async () => {
    session = await pool.acquire();
    const own = session;
    try {
      while (running) {
        const sent = performance.now();
        try {
          const results = (await own.query(sql)) as unknown as Array<{ rows: Array<{ t: string | number }> }>;
          waitedMs += Number(results[2].rows[0].t) - Number(results[0].rows[0].t);
          if (running) await new Promise((r) => setTimeout(r, IDLE_MS));
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === '55P03') {
            waitedMs += PROBE_LOCK_TIMEOUT_MS;
            continue;
          }
          // The table went away with the migration's transaction (dropped, renamed) while we waited for it: the
          // server gives no timing then, so count the round trip, and stop: there is nothing left to wait for.
          waitedMs += performance.now() - sent;
          break;
        }
      }
    } finally {
      pool.release(own);
    }
    // A probe that could not connect measures nothing; the run goes on without it.
  })().catch(() => undefined);
  return {
    kind,
    table,
    async stop() {
      running = false;
      // Still connecting: it never got to ask for the lock, so there is no wait to count (nor to wait for).
      if (session) await loop;
      return Math.round(waitedMs * 100) / 100;
    },
  };
}
