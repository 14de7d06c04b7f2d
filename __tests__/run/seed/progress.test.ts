/** Seeding progress as text: the terminal bar, the log lines, and when each is written. No terminal needed. */
import { createSeedProgress, formatElapsed, renderSeedBar, renderSeedLine, renderTableLine, wantsBar, type SeedProgressState } from '../../../src/run/seed/progress.js';

const state = (doneTables: number, doneRows: number, totalTables = 23, totalRows = 5_000_000): SeedProgressState => ({
  done: { tables: doneTables, rows: doneRows },
  total: { tables: totalTables, rows: totalRows },
  startedAt: 1_000,
});

/** A fake stream and clock. */
function harness(bar: boolean) {
  let t = 0;
  const writes: string[] = [];
  const writer = createSeedProgress({ write: (s: string) => writes.push(s) }, { bar, now: () => t, timer: false });
  return { writer, writes, at: (ms: number) => (t = ms) };
}

describe('rendering', () => {
  test('the terminal bar', () => {
    expect(renderSeedBar(state(14, 3_100_000), 42_000)).toBe('seeding ███████░░░░░ 62%  3.1M/5M rows  14/23 tables  41 s');
    expect(renderSeedBar(state(0, 0), 1_000)).toBe('seeding ░░░░░░░░░░░░ 0%  0/5M rows  0/23 tables  0 s');
    expect(renderSeedBar(state(23, 5_000_000), 126_000)).toBe('seeding ████████████ 100%  5M/5M rows  23/23 tables  2 min 05 s');
  });

  test('99.6% is not 100%', () => {
    expect(renderSeedLine(state(22, 996, 23, 1_000), 2_000)).toBe('seeding: 99%, 996/1k rows, 22/23 tables, 1 s');
  });

  test('with no rows planned, tables measure progress', () => {
    expect(renderSeedLine(state(1, 0, 4, 0), 1_000)).toBe('seeding: 25%, 0/0 rows, 1/4 tables, 0 s');
  });

  test('a finished table', () => {
    expect(renderTableLine({ table: 'public.orders', rows: 2_000_000, durationMs: 8_349 }, state(14, 3_100_000))).toBe(
      'seeded public.orders: 2M rows in 8.3 s (14/23 tables, 62%)',
    );
  });

  test('elapsed time', () => {
    expect([0, 999, 59_999, 60_000, 3_725_000].map(formatElapsed)).toEqual(['0 s', '0 s', '59 s', '1 min 00 s', '62 min 05 s']);
  });

  test('a bar only in a terminal outside CI', () => {
    expect(wantsBar({ isTTY: true }, {})).toBe(true);
    expect(wantsBar({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(wantsBar({ isTTY: false }, {})).toBe(false);
    expect(wantsBar({}, {})).toBe(false);
  });
});

describe('the terminal writer', () => {
  test('redraws one line in place, at most every 100 ms, and clears it at the end', () => {
    const { writer, writes, at } = harness(true);
    at(0);
    writer.update({ tables: 0, rows: 0 }, { tables: 3, rows: 300 });
    at(50);
    writer.update({ tables: 1, rows: 100 }, { tables: 3, rows: 300 });
    expect(writes).toEqual(['\rseeding ░░░░░░░░░░░░ 0%  0/300 rows  0/3 tables  0 s\x1b[K']);
    // The update held back is drawn by the next tick past the interval.
    at(99);
    writer.tick();
    expect(writes).toHaveLength(1);
    at(100);
    writer.tick();
    expect(writes[1]).toBe('\rseeding ████░░░░░░░░ 33%  100/300 rows  1/3 tables  0 s\x1b[K');
    // Nothing changed: nothing written, however often it ticks.
    at(300);
    writer.tick();
    expect(writes).toHaveLength(2);
    at(1_000);
    writer.tick();
    expect(writes[2]).toBe('\rseeding ████░░░░░░░░ 33%  100/300 rows  1/3 tables  1 s\x1b[K');
    writer.finish();
    expect(writes[3]).toBe('\r\x1b[K');
    writer.update({ tables: 2, rows: 200 }, { tables: 3, rows: 300 });
    writer.finish();
    expect(writes).toHaveLength(4);
    expect(writes.join('')).not.toContain('\n');
  });

  test('other lines go above the bar; the last table clears it', () => {
    const { writer, writes, at } = harness(true);
    writer.message('before any bar');
    at(0);
    writer.update({ tables: 0, rows: 0 }, { tables: 2, rows: 20 });
    writer.message('migrascope: something else');
    expect(writes.slice(1)).toEqual([
      '\rseeding ░░░░░░░░░░░░ 0%  0/20 rows  0/2 tables  0 s\x1b[K',
      '\r\x1b[Kmigrascope: something else\nseeding ░░░░░░░░░░░░ 0%  0/20 rows  0/2 tables  0 s',
    ]);
    expect(writes[0]).toBe('before any bar\n');
    at(500);
    writer.update({ tables: 2, rows: 20 }, { tables: 2, rows: 20 }, { table: 'public.b', rows: 10, durationMs: 400 });
    expect(writes.at(-1)).toBe('\r\x1b[K');
    writer.tick();
    writer.message('after');
    expect(writes.slice(-2)).toEqual(['\r\x1b[K', 'after\n']);
  });
});

describe('the log writer', () => {
  test('plain lines: at most one every 5 s, one per large table, a heartbeat, a last line', () => {
    const { writer, writes, at } = harness(false);
    at(0);
    writer.update({ tables: 0, rows: 0 }, { tables: 4, rows: 1_000_000 });
    at(1_000);
    writer.update({ tables: 1, rows: 10 }, { tables: 4, rows: 1_000_000 }, { table: 'public.tiny', rows: 10, durationMs: 20 });
    expect(writes).toEqual([]);
    at(5_000);
    writer.update({ tables: 2, rows: 20 }, { tables: 4, rows: 1_000_000 }, { table: 'public.small', rows: 10, durationMs: 20 });
    expect(writes).toEqual(['seeding: 0%, 20/1M rows, 2/4 tables, 5 s\n']);
    // A large table gets its line at once, throttle or not.
    at(5_100);
    writer.update({ tables: 3, rows: 500_020 }, { tables: 4, rows: 1_000_000 }, { table: 'public.orders', rows: 500_000, durationMs: 4_000 });
    expect(writes[1]).toBe('seeded public.orders: 500k rows in 4.0 s (3/4 tables, 50%)\n');
    // Ticks while the last table loads: only the time moves, so only the heartbeat writes.
    at(20_000);
    writer.tick();
    expect(writes).toHaveLength(2);
    at(35_100);
    writer.tick();
    expect(writes[2]).toBe('seeding: 50%, 500k/1M rows, 3/4 tables, 35 s\n');
    at(36_000);
    writer.update({ tables: 4, rows: 600_020 }, { tables: 4, rows: 600_020 }, { table: 'public.items', rows: 100_000, durationMs: 30_000 });
    expect(writes[3]).toBe('seeding done: 4 tables, 600k rows in 36 s\n');
    writer.finish();
    expect(writes).toHaveLength(4);
    expect(writes.join('')).not.toContain('\r');
  });
});
