import { describe, expect, it } from 'vitest';
import { MAX_AHEAD, prefetchDepth } from '../../src/worker/prefetch.js';

describe('prefetchDepth', () => {
  it('claims the most ahead before any command ended, and for instant commands', () => {
    expect(prefetchDepth(undefined)).toBe(MAX_AHEAD);
    expect(prefetchDepth(0)).toBe(MAX_AHEAD);
    expect(prefetchDepth(2)).toBe(MAX_AHEAD);
  });

  it('claims about 50 ms of work ahead, and none for commands that take longer', () => {
    expect(prefetchDepth(20)).toBe(2);
    expect(prefetchDepth(49)).toBe(1);
    expect(prefetchDepth(55)).toBe(0);
    expect(prefetchDepth(60_000)).toBe(0);
  });
});
