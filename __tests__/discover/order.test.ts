import { compareKeys, type SortKey } from '../../src/discover/order.js';
import { blankOutside } from '../../src/discover/sections.js';

describe('compareKeys', () => {
  it('orders Flyway-style version parts numerically, a prefix first', () => {
    const v = (...parts: number[]): SortKey => [0n, parts.map(BigInt)];
    const keys = [v(18), v(2, 1), v(17, 2), v(3), v(2), v(17, 1)];
    expect(keys.sort(compareKeys)).toEqual([v(2), v(2, 1), v(3), v(17, 1), v(17, 2), v(18)]);
  });

  it('compares numbers beyond 2^53 exactly and natural parts naturally', () => {
    expect(compareKeys([20240101120000000001n], [20240101120000000002n])).toBeLessThan(0);
    expect(compareKeys([{ natural: '2_x.sql' }], [{ natural: '10_x.sql' }])).toBeLessThan(0);
    expect(compareKeys(['10_x.sql'], ['2_x.sql'])).toBeLessThan(0);
  });
});

describe('blankOutside', () => {
  it('keeps positions: line breaks (CRLF too) survive, every other character outside becomes a space', () => {
    const source = 'a é\r\nkeep me\r\nz\n';
    const keepFrom = source.indexOf('keep');
    const out = blankOutside(source, [[keepFrom, keepFrom + 'keep me'.length]]);
    expect(out).toBe('   \r\nkeep me\r\n \n');
    expect(out.length).toBe(source.length);
  });
});
