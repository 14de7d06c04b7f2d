/**
 * Text from the PR author (SQL, identifiers, file names) reaches the job log, annotations, the comment and the
 * summary. End to end: none of it may become a workflow command, a live @mention, HTML or a broken code fence.
 */
import { cleanTempDirs, commandName, workflowCommands } from './harness.js';
import { MARKER, PR, scenario, stopAll } from './scenario.js';

afterAll(async () => {
  await stopAll();
  cleanTempDirs();
});

const HOSTILE_FILE = 'db/migrations/002_@someone_::warning::x.sql';
const HOSTILE_SQL = [
  "CREATE INDEX admins_email_idx ON \"@admins\" (email) WHERE email <> '",
  '::set-output name=pwned::1',
  '::add-mask::everything',
  '  ::warning file=app.ts,line=1::injected',
  '##[error]legacy injected',
  '::stop-commands::abc',
  '```` @someone <img src=x onerror=alert(1)> #123',
  "';",
  '',
].join('\n');

/** Markdown outside fenced code blocks (inside them GitHub links nothing and renders no HTML). */
function outsideFences(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m) fence = m[1]!;
    else if (fence !== null && m && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
    else if (fence === null) out.push(line);
  }
  expect(fence).toBeNull(); // every fence closed where it was meant to
  return out.join('\n');
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

describe('what the PR author wrote stays inert', () => {
  test('SQL with ::commands, backticks, @mentions and HTML: log, annotations, comment and summary', async () => {
    const s = await scenario({ 'db/migrations/001_admins.sql': 'CREATE TABLE "@admins" (id bigint PRIMARY KEY, email text);\n' }, { [HOSTILE_FILE]: HOSTILE_SQL });
    const run = await s.run();
    expect(run.code).toBe(1);

    // The log: the runner would execute only our own commands.
    const commands = workflowCommands(run.stdout);
    expect([...new Set(commands.map(commandName))].sort()).toEqual(['endgroup', 'error', 'group', 'stop-commands', 'warning']);
    expect(commands.filter((c) => /set-output|add-mask|injected|pwned/.test(c))).toEqual([]);
    const annotations = commands.filter((c) => / file=/.test(c));
    expect(annotations).toHaveLength(2);
    for (const a of annotations) expect(a).toMatch(/^::(error|warning) file=db\/migrations\/002_@someone_%3A%3Awarning%3A%3Ax\.sql,line=1,endLine=8,title=migrascope [a-z-]+::/);
    // The SQL did reach the log, inside the stopped region.
    expect(run.stdout).toContain('CREATE INDEX admins_email_idx ON "@admins"');
    const errorMessage = unescapeData(annotations[0]!.replace(/^::[^:]*::/, ''));
    expect(errorMessage.split('\n')[0]).toBe('CREATE INDEX on "@admins" takes a SHARE lock for the whole build: inserts, updates and deletes on "@admins" wait until the index is built.');

    // The comment: the fence is longer than the SQL's backtick run; outside it no mention, no HTML, no issue link.
    const body = s.fake.commentsOn(PR)[0]!.body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('`````sql\nCREATE INDEX admins_email_idx');
    for (const markdown of [body, run.summary]) {
      const prose = outsideFences(markdown);
      expect(prose).not.toMatch(/@(?!&#8203;)[A-Za-z0-9]/);
      expect(prose).not.toMatch(/<img|<script/i);
      expect(prose).toContain('@&#8203;admins');
      expect(prose).toContain('002\\_@&#8203;someone\\_::warning::x.sql');
    }
  });

  test('a file whose name is a workflow command, at the start of log lines', async () => {
    const name = '::set-output name=pwned::1.sql';
    const s = await scenario({ '001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' }, { [name]: 'CREATE INDEX users_email_idx ON users (email);\n' });
    const run = await s.run({ inputs: { migrations: '.' } });
    expect(run.code).toBe(1);
    // The name heads lines of the text report: they are there, but not as commands.
    expect(run.stdout.split('\n').filter((l) => l.includes('::set-output name=pwned::1.sql  (plain'))).toHaveLength(1);
    const commands = workflowCommands(run.stdout);
    expect(commands.filter((c) => c.startsWith('::set-output'))).toEqual([]);
    expect(commands.filter((c) => / file=/.test(c)).map((c) => /file=([^,]*)/.exec(c)![1])).toEqual(['%3A%3Aset-output name=pwned%3A%3A1.sql', '%3A%3Aset-output name=pwned%3A%3A1.sql']);
    expect(s.fake.commentsOn(PR)[0]!.body).toContain('#### ::set-output name=pwned::1.sql');
  });
});
