import { describe, expect, it } from 'vitest';
import { runKillTrials } from '../../bench/lib/kill-trials.js';
import { BACKEND, newDatabaseUrl, onPostgres } from '../helpers/backend.js';

describe(`kill -9 at random moments (${BACKEND})`, () => {
  it('loses no block, completes none twice and keeps the database intact over 50 trials', async () => {
    const result = await runKillTrials({ trials: 50, blocks: 200, db: onPostgres ? newDatabaseUrl() : undefined });
    expect(result.problems).toEqual([]);
    expect(result.kills).toBeGreaterThan(25);
    expect(result.completed).toBe(result.blocks);
  }, 240_000);
});
