import { describe, expect, it } from 'vitest';
import { bucketize, percentile } from '../../src/serve/series.js';

describe('history series', () => {
  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([], 95)).toBeNull();
  });

  it('puts each finished block in its hour, with success count, mean and p95, and ignores the rest', () => {
    const end = 10 * 3_600_000;
    const at = (hoursAgo: number, durationMs: number, outcome: 'success' | 'failed' = 'success') => ({ finishedAt: end - hoursAgo * 3_600_000, durationMs, outcome });
    const buckets = bucketize([at(0.5, 100), at(0.25, 300, 'failed'), at(2.5, 50), at(30, 1)], end, 3_600_000, 3);
    expect(buckets.map((b) => b.start_ms)).toEqual([7, 8, 9].map((h) => h * 3_600_000));
    expect(buckets[2]).toEqual({ start_ms: 9 * 3_600_000, total: 2, successful: 1, avg_ms: 200, p95_ms: 300 });
    expect(buckets[1]).toEqual({ start_ms: 8 * 3_600_000, total: 0, successful: 0, avg_ms: null, p95_ms: null });
    expect(buckets[0]).toMatchObject({ total: 1, successful: 1, avg_ms: 50 });
  });
});
