import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/runner/run-check.js';

describe('runCheck', () => {
  it('stops a check that outlives its timeout, grandchildren included', async () => {
    const started = Date.now();
    // The grandchild holds the output pipe open: the check only ends when the whole group is killed.
    const r = await runCheck({ check: 'sleep 30 & sleep 30', cwd: '/', timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(r.error).toBe('check failed: no exit within 300 ms');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a program that cannot start as a failed check', async () => {
    const r = await runCheck({ check: 'true', cwd: '/nonexistent-dir-for-check' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^check failed: could not start: .*ENOENT/);
  });
});
