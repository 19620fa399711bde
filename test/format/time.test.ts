import { describe, expect, it } from 'vitest';
import { parseDurationMs, shortDuration } from '../../src/format/time.js';

describe('shortDuration', () => {
  it('never prints 60 seconds or 1000 ms', () => {
    expect(shortDuration(299_600)).toBe('5 min');
    expect(shortDuration(59_960)).toBe('1 min');
    expect(shortDuration(999.7)).toBe('1 s');
    expect([850, 12_345, 245_000].map(shortDuration)).toEqual(['850 ms', '12.3 s', '4 min 5 s']);
    // Whole units drop their zeros: a `--timeout 2s` reads back as 2 s.
    expect([2000, 60_000, 3_600_000, 5_400_000].map(shortDuration)).toEqual(['2 s', '1 min', '1 h', '1 h 30 min']);
  });
});

describe('parseDurationMs', () => {
  it('refuses a bare number where a unit is required, naming the fix', () => {
    expect(() => parseDurationMs('10', '--older-than', { requireUnit: true })).toThrow(/no unit: say which, e.g. 10d/);
    expect(parseDurationMs('10', '--timeout')).toBe(10_000);
    expect(parseDurationMs('10d', '--older-than', { requireUnit: true })).toBe(864_000_000);
  });
});
