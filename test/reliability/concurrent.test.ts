import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';

describe('concurrent executors', () => {
  it('completes every one of 10,000 blocks exactly once with 8 executors racing', async () => {
    const cwd = tempDir();
    // 10,000, not 2,000: an executor drains 2,000 blocks without a command in about 60 ms, and in a
    // clean-clone CI run one did so before the seven others had started, so there was no race.
    ok(['add', '-'], { cwd, input: Array.from({ length: 10_000 }, (_, i) => `block ${i}`).join('\n') });
    const seen = path.join(cwd, 'seen.jsonl');
    const executors = Array.from({ length: 8 }, () => waitExit(startCli(['execute', '10000', '--logger', `jsonl:${seen}`], { cwd })));
    const results = await Promise.all(executors);
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));

    const [history] = await queryRows<{ n: number; d: number }>(cwd, 'select count(*) as n, count(distinct block_id) as d from history');
    const [left] = await queryRows<{ n: number }>(cwd, 'select count(*) as n from blocks');
    expect(history).toEqual({ n: 10_000, d: 10_000 });
    expect(left.n).toBe(0);
    const logged = new Set(fs.readFileSync(seen, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id));
    expect(logged.size).toBe(10_000);
    // More than one executor did real work: the claims were shared, not serialized into one winner.
    const busy = results.filter((r) => /success #/.test(r.stderr)).length;
    expect(busy).toBeGreaterThan(1);
  }, 120_000);
});
