/**
 * Statements that Postgres refuses inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) commit on
 * their own, so their locks are gone by the time the statement returns. A second session watches pg_locks for the
 * migration's backend while the statement runs.
 */
import { lockStrength, type LockMode } from '../sql/locks.js';
import { readLocksOf, type HeldLock } from './trace-catalog.js';
import type { Session } from './session.js';

/**
 * Back to back at first (a round trip is a fraction of a millisecond, and many of these statements take about a
 * millisecond on a small table), then every few milliseconds so a long index build does not keep a core busy.
 */
const EAGER_MS = 50;
const POLL_INTERVAL_MS = 3;

export interface ObservedLock {
  oid: number;
  /** The strongest mode seen. */
  mode: LockMode;
  /** How long that mode was seen held (first sighting until the first poll without it, or the statement's end). */
  heldMs: number;
}

export interface LockPoller {
  /** Stops polling; the statement has returned. */
  stop(): Promise<ObservedLock[]>;
}

/** `onLock` is told of each relation lock the first time it is seen (e.g. to start a blocking probe). */
export function pollLocks(observer: Session, pid: number, onLock: (lock: HeldLock) => void): LockPoller {
  let running = true;
  // Per oid and mode: first sighting, and when it was last seen gone.
  const seen = new Map<string, { lock: HeldLock; from: number; until: number | null }>();
  const began = performance.now();
  const loop = (async () => {
    while (running) {
      let locks: HeldLock[];
      try {
        locks = await readLocksOf(observer, pid);
      } catch {
        return;
      }
      const now = performance.now();
      const present = new Set<string>();
      for (const lock of locks) {
        const key = `${lock.oid}:${lock.mode}`;
        present.add(key);
        const entry = seen.get(key);
        if (!entry) {
          seen.set(key, { lock, from: now, until: null });
          onLock(lock);
        } else if (entry.until !== null) entry.until = null;
      }
      for (const [key, entry] of seen) if (!present.has(key) && entry.until === null) entry.until = now;
      if (now - began > EAGER_MS) await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      const end = performance.now();
      running = false;
      await loop;
      const strongest = new Map<number, ObservedLock>();
      for (const { lock, from, until } of seen.values()) {
        const heldMs = Math.round(((until ?? end) - from) * 100) / 100;
        const prev = strongest.get(lock.oid);
        if (!prev || lockStrength(lock.mode) > lockStrength(prev.mode)) strongest.set(lock.oid, { oid: lock.oid, mode: lock.mode, heldMs });
      }
      return [...strongest.values()];
    },
  };
}
