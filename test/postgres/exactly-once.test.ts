import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';

describe('executors on several hosts sharing one PostgreSQL queue', () => {
  it('completes each of 20,000 blocks exactly once with 8 executors on 2 host ids', async () => {
    const cwd = tempDir();
    const total = 20_000;
    ok(['add', '-'], { cwd, input: Array.from({ length: total }, (_, i) => `block ${i}`).join('\n') });
    const seen = (i: number) => path.join(cwd, `seen-${i}.jsonl`);
    const hosts = Array.from({ length: 8 }, (_, i) => (i % 2 ? 'host-b' : 'host-a'));
    const runs = await Promise.all(hosts.map((host, i) => waitExit(startCli(['execute', String(total), '--logger', `jsonl:${seen(i)}`], { cwd, env: { WORKBLOCK_HOST_ID: host } }))));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr.slice(-300)).join('\n')).toEqual(Array(8).fill(0));

    const [history] = await queryRows<{ n: number; d: number }>(cwd, 'select count(*) as n, count(distinct block_id) as d from history');
    expect(history).toEqual({ n: total, d: total });
    expect(await queryRows(cwd, 'select id from blocks')).toEqual([]);
    expect(await queryRows(cwd, 'select status, n from block_counts where n <> 0')).toEqual([]);

    // Every block reached a logger once, across all executors' files.
    const logged = hosts.flatMap((_, i) => (fs.existsSync(seen(i)) ? fs.readFileSync(seen(i), 'utf8').trim().split('\n').filter(Boolean) : [])).map((l) => JSON.parse(l).id as number);
    expect(logged).toHaveLength(total);
    expect(new Set(logged).size).toBe(total);
    // Both hosts did work: the claims were shared, not won by one machine.
    const workedOn = (host: string) => runs.filter((r, i) => hosts[i] === host && /success #/.test(r.stderr)).length;
    expect(workedOn('host-a')).toBeGreaterThan(0);
    expect(workedOn('host-b')).toBeGreaterThan(0);
  }, 300_000);
});
