/** Where the run happens: the embedded server by default, or a fresh database on --database-url. */
import { startEmbedded } from './provision-embedded.js';
import { createRunDatabase } from './provision-url.js';
import type { RunOptions } from './types.js';

export interface RunTarget {
  /** Connection URL of the database the run uses. */
  url: string;
  database: 'embedded' | 'url';
  dispose(): Promise<void>;
}

export async function provision(options: RunOptions, progress: (message: string) => void): Promise<RunTarget> {
  if (options.databaseUrl) {
    const db = await createRunDatabase(options.databaseUrl, options.allowRemote ?? false);
    progress(`created database ${db.name} for the run`);
    return { url: db.url, database: 'url', dispose: () => db.drop() };
  }
  progress('starting the embedded PostgreSQL server');
  const server = await startEmbedded(progress);
  // A fresh cluster is disposable as a whole: run in its `postgres` database.
  return { url: server.url, database: 'embedded', dispose: () => server.stop() };
}
