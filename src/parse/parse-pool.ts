/**
 * Parses files ahead of the main thread on a worker, when a worker script is available (the bundled CLI and
 * action); otherwise, and if the worker fails, parses in-process. Results are identical either way.
 */
import { Worker } from 'node:worker_threads';
import { tryParse, type ParseAttempt } from './parse-sql.js';

type Reply = { id: number; ok: true; json: string } | { id: number; ok: false; message: string; cursor: number | null };

export class ParsePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { sql: string; resolve: (a: ParseAttempt) => void }>();

  constructor(workerScript: URL | null) {
    if (!workerScript) return;
    try {
      this.worker = new Worker(workerScript);
      this.worker.unref();
      this.worker.on('message', (reply: Reply) => this.settle(reply));
      // A worker that cannot start or dies must not lose a file: finish what is pending in-process.
      this.worker.on('error', () => this.fallBack());
      this.worker.on('exit', () => this.fallBack());
    } catch {
      this.worker = null;
    }
  }

  /** Starts parsing now; the promise resolves with what tryParse would have returned. */
  parse(sql: string): Promise<ParseAttempt> {
    if (!this.worker) return Promise.resolve(tryParse(sql));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { sql, resolve });
      this.worker!.postMessage({ id, sql });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fallBack();
    if (worker) await worker.terminate();
  }

  private settle(reply: Reply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    job.resolve(reply.ok ? { ok: true, stmts: JSON.parse(reply.json) } : { ok: false, message: reply.message, cursor: reply.cursor });
  }

  private fallBack(): void {
    this.worker = null;
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      job.resolve(tryParse(job.sql));
    }
  }
}
