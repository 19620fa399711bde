import { describe, expect, it } from 'vitest';
import { watchForStop } from '../../src/worker/shutdown.js';

describe('watchForStop', () => {
  it('leaves no listener behind once disposed, so repeated runs (run --watch) do not pile them up', () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e));
    const outputs = [process.stdout.listenerCount('error'), process.stderr.listenerCount('error')];
    for (let i = 0; i < 20; i++) watchForStop().dispose();
    expect(['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e))).toEqual(before);
    expect([process.stdout.listenerCount('error'), process.stderr.listenerCount('error')]).toEqual(outputs);
  });
});
