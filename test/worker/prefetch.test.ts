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
  // pipelining must come back at the first short one, not after several run one hand-over at a time.
  it('claims ahead again as soon as a short command ends after long ones', () => {
    const policy = new PrefetchPolicy(2, false);
    policy.commandEnded(300);
    policy.commandEnded(300);
    expect(policy.ahead()).toBe(0);
    policy.commandEnded(1);
    expect(policy.ahead()).toBeGreaterThan(0);
  });

  it('keeps claiming ahead through one long command among short ones', () => {
    const policy = new PrefetchPolicy(2, false);
    for (let i = 0; i < 4; i++) policy.commandEnded(1);
    policy.commandEnded(50);
    expect(policy.ahead()).toBeGreaterThan(0);
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
