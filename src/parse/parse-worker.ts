/**
 * Worker-thread entry (bundled as dist/parse-worker.js): runs libpg-query on whole files so the main thread
 * can lint one file while the next is parsed. It sends the statements back as JSON text, which is cheaper to
 * pass between threads than the object tree.
 */
import { parentPort } from 'node:worker_threads';
import { loadParser, tryParse } from './parse-sql.js';

await loadParser();
parentPort?.on('message', ({ id, sql }: { id: number; sql: string }) => {
  const attempt = tryParse(sql);
  parentPort?.postMessage(attempt.ok ? { id, ok: true, json: JSON.stringify(attempt.stmts) } : { id, ...attempt });
});
