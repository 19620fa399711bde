/** History as a chart's series: per time bucket, how many finished, how many succeeded, mean and p95 duration. */
import type { FinishedPoint } from '../queue/board.js';

export interface Bucket {
  start_ms: number;
  total: number;
  successful: number;
  avg_ms: number | null;
  p95_ms: number | null;
}

/** The nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `count` equal buckets ending at `end`, each `bucketMs` long; points outside are ignored. */
export function bucketize(points: FinishedPoint[], end: number, bucketMs: number, count: number): Bucket[] {
  const start = end - bucketMs * count;
  const durations: number[][] = Array.from({ length: count }, () => []);
  const ok = new Array<number>(count).fill(0);
  for (const p of points) {
    const i = Math.floor((p.finishedAt - start) / bucketMs);
    if (i < 0 || i >= count) continue;
    durations[i].push(p.durationMs);
    if (p.outcome === 'success') ok[i]++;
  }
  return durations.map((d, i) => {
    const sorted = d.sort((a, b) => a - b);
    return {
      start_ms: start + i * bucketMs,
      total: d.length,
      successful: ok[i],
      avg_ms: d.length ? Math.round(d.reduce((s, x) => s + x, 0) / d.length) : null,
      p95_ms: percentile(sorted, 95),
    };
  });
}
