/**
 * SIGKILL (or a crash that skips every handler) leaves the embedded postmaster running with its data dir in the
 * temp folder. A tiny detached shell outlives us, notices when our pid is gone and cleans up. It is killed on a
 * normal teardown.
 */
import { spawn } from 'node:child_process';

const SCRIPT = `
owner=$1; data=$2; dir=$3
while kill -0 "$owner" 2>/dev/null; do sleep 0.2; done
if [ -f "$data/postmaster.pid" ]; then
  pm=$(head -n 1 "$data/postmaster.pid")
  if [ -n "$pm" ]; then
    kill -QUIT "$pm" 2>/dev/null
    i=0
    while kill -0 "$pm" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    kill -KILL "$pm" 2>/dev/null
  fi
fi
rm -rf "$dir"
`;

export interface Watchdog {
  /** Stop watching (our own teardown did the work). */
  dismiss(): void;
}

export function startWatchdog(dataDir: string, tempDir: string): Watchdog {
  const child = spawn('sh', ['-c', SCRIPT, 'migrascope-watchdog', String(process.pid), dataDir, tempDir], {
    detached: true,
    stdio: 'ignore',
  });
  // A missing `sh` must not crash the run; the normal teardown still cleans up.
  child.on('error', () => undefined);
  child.unref();
  const pid = child.pid;
  return {
    dismiss() {
      if (pid === undefined) return;
      try {
        // Its own process group (detached): take its `sleep` along.
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}
