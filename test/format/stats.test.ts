import { describe, expect, it } from 'vitest';
import { computeStats, percentile } from '../../src/format/stats.js';

const row = (durationMs: number, outcome = 'success', tags: string[] = [], attempts = 1) => ({ tags, outcome, durationMs, attempts, run: null });

describe('stats aggregation', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('averages durations and sums retries per group', () => {
    const s = computeStats([row(100, 'success', ['x']), row(300, 'failed', ['x', 'y'], 3), row(200)], 0);
    expect(s).toMatchObject({ total: 3, successful: 2, failed: 1, avg_ms: 200, p50_ms: 200, p95_ms: 300, retries: 2, since: '1970-01-01T00:00:00.000Z' });
    expect(s.by_tag.map((g) => [g.tag, g.total, g.avg_ms])).toEqual([['x', 2, 200], ['y', 1, 300]]);
  });

  it('reports nulls, not zeros, for an empty window', () => {
    expect(computeStats([], null)).toMatchObject({ total: 0, success_rate: null, avg_ms: null, p50_ms: null });
  });
});
