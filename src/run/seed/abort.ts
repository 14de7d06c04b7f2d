/**
 * Stopping seeding when the run's time limit passes. The seed sessions run with statement_timeout 0 (a big load
 * must not be cut at a migration's limit), so the limit reaches them as an AbortSignal: from then on, every seed
 * session that is loading gets pg_cancel_backend from a session of its own, again every CANCEL_EVERY_MS, so a
 * statement that starts between two cancels (the loader runs several per table) is stopped too. A session that is
 * putting indexes back is not loading and is left alone: the schema must come out whole.
 */
import { backendPid, connect, type Session } from '../session.js';

const CANCEL_EVERY_MS = 100;

export class SeedCanceller {
  private readonly pids = new Map<Session, number>();
  private readonly loading = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private canceller: Promise<Session> | null = null;
  private readonly onAbort = () => this.start();

  constructor(
    private readonly url: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** Why the signal fired, for the error message. */
  get reason(): string | null {
    const r = this.signal?.reason as unknown;
    return r instanceof Error ? r.message : typeof r === 'string' ? r : null;
  }

  async register(session: Session): Promise<void> {
    this.pids.set(session, await backendPid(session));
  }

  /** From now on the session is loading: cancelled when the signal fires. */
  begin(session: Session): void {
    this.loading.add(session);
    if (this.aborted) this.start();
  }

  /** The session stopped loading (whatever happened): it is left alone from now on. */
  end(session: Session): void {
    this.loading.delete(session);
  }

  private start(): void {
    if (this.timer) return;
    const tick = () => void this.cancelLoading();
    tick();
    this.timer = setInterval(tick, CANCEL_EVERY_MS);
  }

  private async cancelLoading(): Promise<void> {
    const pids = [...this.loading].map((s) => this.pids.get(s)).filter((p): p is number => p !== undefined);
    if (!pids.length) return;
    try {
      this.canceller ??= connect(this.url, 'seed cancel');
      const s = await this.canceller;
      await s.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } catch {
      // The server is going away or refuses: the run's own teardown ends the sessions.
    }
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const c = this.canceller;
    this.canceller = null;
    if (c) await c.then((s) => s.end()).catch(() => undefined);
  }
}
