import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { nextCronTime, parseCron } from '../../src/queue/cron.js';

// The process time zone is set to UTC in these tests so the expected instants are plain.
process.env.TZ = 'UTC';
const at = (iso: string) => Date.parse(iso);
const next = (expr: string, after: string) => {
  const t = nextCronTime(parseCron(expr), at(after));
  return t === null ? null : new Date(t).toISOString();
};

describe('cron parser', () => {
  it('expands ranges, steps, lists and names', () => {
    const c = parseCron('*/15 9-17/4 1,15 jan-mar mon,fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 13, 17]);
    expect([...c.days]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.weekdays]).toEqual([1, 5]);
    expect([...parseCron('5/20 * * * 7').minutes]).toEqual([5, 25, 45]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it('rejects malformed expressions with a usage error that shows an example', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '5-1 * * * *', '*/0 * * * *', 'x * * * *', '* * * * 8']) {
      expect(() => parseCron(bad), bad).toThrow(UsageError);
    }
    expect(() => parseCron('61 * * * *')).toThrow(/minute "61" is outside 0-59.*e\.g\. "0 9 \* \* 1"/);
  });

  it('finds the next matching minute strictly after a time', () => {
    expect(next('0 9 * * 1', '2026-11-29T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z'); // a Sunday → Monday
    expect(next('0 9 * * 1', '2026-11-30T09:00:00Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(next('*/5 * * * *', '2026-11-29T12:03:30Z')).toBe('2026-11-29T12:05:00.000Z');
    expect(next('30 23 31 12 *', '2026-01-01T00:00:00Z')).toBe('2026-12-31T23:30:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toBeNull();
  });

  it('matches either day field when both are restricted', () => {
    // The 13th, or any Friday.
    expect(next('0 0 13 * 5', '2026-11-29T00:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2026-12-05T00:00:00Z')).toBe('2026-12-11T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2026-12-11T00:00:00Z')).toBe('2026-12-13T00:00:00.000Z');
  });
});
