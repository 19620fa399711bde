import { describe, expect, it } from 'vitest';
import { PrefetchPolicy } from '../../src/worker/prefetch.js';

describe('PrefetchPolicy', () => {
  it('claims nothing ahead before a command has ended, nor with --abort-on-failure', () => {
    expect(new PrefetchPolicy(2, false).ahead()).toBe(0);
    const abort = new PrefetchPolicy(2, true);
    abort.commandEnded(1);
    expect(abort.ahead()).toBe(0);
  });

  it('claims ahead once commands prove short, and not while they run long', () => {
    const policy = new PrefetchPolicy(2, false);
    policy.commandEnded(2);
    expect(policy.ahead()).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) policy.commandEnded(1000);
    expect(policy.ahead()).toBe(0);
  });

  // A long command (a build, or a gate the queue waited on) followed by a run of short ones: the
  // pipelining must come back within a few commands, not after a dozen run one hand-over at a time.
  it('claims ahead again within four short commands after a long one', () => {
    const policy = new PrefetchPolicy(2, false);
    policy.commandEnded(300);
    let short = 0;
    while (policy.ahead() === 0 && short < 20) {
      policy.commandEnded(1);
      short++;
    }
    expect(short).toBeLessThanOrEqual(4);
  });

  it('after taking blocks back, hands over no more than the slots until a command ends', () => {
    const policy = new PrefetchPolicy(2, false);
    policy.commandEnded(1);
    const ahead = policy.ahead();
    expect(policy.depth(ahead)).toBe(2 + ahead);
    policy.tookBack();
    expect(policy.depth(ahead)).toBe(2);
    policy.commandEnded(1);
    expect(policy.depth(ahead)).toBe(2 + ahead);
  });
});
