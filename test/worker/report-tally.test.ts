import { describe, expect, it } from 'vitest';
import { ReportTally } from '../../src/worker/report.js';
import type { BlockReport } from '../../src/queue/types.js';

const report = (id: number, status: BlockReport['status']): BlockReport => ({ id, task: `t${id}`, name: null, status, exitCode: null, signal: null, timedOut: false, durationMs: 0, error: null });

describe('ReportTally', () => {
  it('keeps every report by default', () => {
    const t = new ReportTally();
    for (let i = 1; i <= 500; i++) t.add(report(i, i % 100 ? 'success' : 'failed'));
    const s = t.summary(performance.now());
    expect([s.executed, s.successful, s.failed, s.blocks.length, s.success]).toEqual([500, 495, 5, 500, false]);
  });

  it('keeps all while under the cap, then only the ones that did not succeed, with complete counts', () => {
    const small = new ReportTally(3);
    [1, 2, 3].forEach((i) => small.add(report(i, 'success')));
    expect(small.summary(0).blocks.map((b) => b.id)).toEqual([1, 2, 3]);

    const t = new ReportTally(3);
    t.add(report(1, 'success'));
    t.add(report(2, 'failed'));
    t.add(report(3, 'success'));
    for (let i = 4; i <= 1000; i++) t.add(report(i, i % 250 ? 'success' : 'undelivered'));
    const s = t.summary(0);
    expect([s.executed, s.successful, s.failed]).toEqual([1000, 995, 5]);
    expect(s.blocks.map((b) => b.id)).toEqual([2, 250, 500, 750, 1000]);
  });
});
