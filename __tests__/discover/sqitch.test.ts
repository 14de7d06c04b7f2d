import { discoverMigrations, nodeFs } from '../../src/discover/index.js';
import { parseSqitchPlan } from '../../src/discover/formats/sqitch-plan.js';

const DIR = '__tests__/fixtures/discover/sqitch';

describe('sqitch', () => {
  it('follows the plan, uses name@tag scripts for reworked changes, and leaves revert/ and verify/ out', async () => {
    const files = await discoverMigrations([DIR], {}, nodeFs());
    expect(files.map((f) => [f.path.slice(DIR.length + 1), f.version, f.transaction, f.isDown])).toEqual([
      ['deploy/schema.sql', 'schema', 'none', false],
      ['deploy/users@v1.0.sql', 'users@v1.0', 'none', false],
      ['deploy/orders.sql', 'orders', 'none', false],
      ['deploy/users.sql', 'users', 'none', false],
      ['deploy/unplanned.sql', 'unplanned', 'none', false],
    ]);
    expect(files.every((f) => f.format === 'sqitch')).toBe(true);
    expect(files[4]!.notes).toEqual([
      {
        line: 1,
        kind: 'order',
        message: 'change "unplanned" is not in sqitch.plan, so sqitch does not deploy it; placed after the planned changes',
      },
    ]);
    expect(files.slice(0, 4).flatMap((f) => f.notes)).toEqual([]);
  });

  it('places each revert script after its deploy script with includeDown', async () => {
    const files = await discoverMigrations([DIR], { includeDown: true }, nodeFs());
    expect(files.map((f) => f.path.slice(DIR.length + 1))).toEqual([
      'deploy/schema.sql',
      'revert/schema.sql',
      'deploy/users@v1.0.sql',
      'revert/users@v1.0.sql',
      'deploy/orders.sql',
      'revert/orders.sql',
      'deploy/users.sql',
      'revert/users.sql',
      'deploy/unplanned.sql',
    ]);
    expect(files.filter((f) => f.isDown).map((f) => f.path.split('/').at(-2))).toEqual(['revert', 'revert', 'revert', 'revert']);
  });

  it('recognises an explicitly given deploy script from the plan beside its folder', async () => {
    const [f] = await discoverMigrations([`${DIR}/deploy/orders.sql`], {}, nodeFs());
    expect([f!.format, f!.version, f!.notes]).toEqual(['sqitch', 'orders', []]);
  });

  it('parses plan lines, skipping pragmas, tags, blank lines and notes', () => {
    expect(
      parseSqitchPlan('%project=x\n\na 2024-01-01T00:00:00Z D <d@x> # one\n@t1 2024 D <d@x>\n+b [a] 2024 D <d@x>\na [a@t1] 2024 D <d@x>\n'),
    ).toEqual([
      { name: 'a', script: 'a@t1', line: 3 },
      { name: 'b', script: 'b', line: 5 },
      { name: 'a', script: 'a', line: 6 },
    ]);
  });
});
