import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';

/** Three finished blocks: two succeed (one after a retry), one fails after its retry. */
function queueWithHistory(): string {
  const cwd = tempDir();
  ok(['add', 'fine', '--cmd', 'true', '--tag', 'a'], { cwd });
  ok(['add', 'flaky', '--cmd', 'test -f marker || { touch marker; exit 1; }', '--retries', '1', '--retry-delay', '10ms', '--tag', 'a', '--tag', 'b'], { cwd });
  ok(['add', 'broken', '--cmd', 'exit 3', '--retries', '1', '--retry-delay', '10ms', '--tag', 'b'], { cwd });
  cli(['execute', '10', '--logger', 'none'], { cwd });
  return cwd;
}

describe('stats', () => {
  it('counts successes, failures and retries overall and per tag', () => {
    const cwd = queueWithHistory();
    const s = JSON.parse(ok(['stats', '--json'], { cwd }));
    expect(s).toMatchObject({ since: null, total: 3, successful: 2, failed: 1, retries: 2 });
    expect(s.success_rate).toBeCloseTo(2 / 3);
    for (const k of ['avg_ms', 'p50_ms', 'p95_ms']) expect(typeof s[k]).toBe('number');
    expect(s.by_tag).toEqual([
      expect.objectContaining({ tag: 'a', total: 2, successful: 2, failed: 0, retries: 1, success_rate: 1 }),
      expect.objectContaining({ tag: 'b', total: 2, successful: 1, failed: 1, retries: 2, success_rate: 0.5 }),
    ]);
  });

  it('filters by tag and by age with --since', async () => {
    const cwd = queueWithHistory();
    expect(JSON.parse(ok(['stats', '--json', '--tag', 'b'], { cwd }))).toMatchObject({ total: 2, failed: 1 });
    await queryRows(cwd, "update history set finished_at = finished_at - 10 * 86400000 where task = 'broken'");
    const recent = JSON.parse(ok(['stats', '--json', '--since', '7d'], { cwd }));
    expect(recent).toMatchObject({ total: 2, successful: 2, failed: 0 });
    expect(Date.parse(recent.since)).toBeLessThan(Date.now() - 6 * 86400000);
    expect(JSON.parse(ok(['stats', '--json'], { cwd })).total).toBe(3);
  });

  it('prints a table, and a hint when nothing finished', () => {
    const cwd = queueWithHistory();
    const out = ok(['stats'], { cwd });
    expect(out).toMatch(/^all +3 +2 +1 +66\.7%/m);
    expect(out).toContain('tag b');
    expect(ok(['stats'], { cwd: tempDir() })).toContain('No finished blocks');
  });

  it('exposes Prometheus gauges with tag labels', () => {
    const cwd = queueWithHistory();
    const text = ok(['stats', '--format', 'prometheus'], { cwd });
    expect(text).toContain('# TYPE workblock_blocks_finished gauge');
    expect(text).toMatch(/^workblock_blocks_finished 3$/m);
    expect(text).toMatch(/^workblock_blocks_failed\{tag="b"\} 1$/m);
    expect(text).toMatch(/^workblock_retries 2$/m);
    expect(text).toMatch(/^workblock_duration_p95_seconds \d+(\.\d+)?$/m);
    // Every sample line is NAME{labels}? VALUE.
    for (const line of text.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^workblock_[a-z0-9_]+(\{[a-z]+="[^"]*"\})? [0-9.e-]+$/);
  });

  it('counts per run and filters with --run', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'nightly.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'nightly', commands: [{ name: 'a', command: 'true' }, { name: 'b', command: 'exit 1' }] }));
    const first = cli(['run', file, '--logger', 'none'], { cwd });
    const second = cli(['run', file, '--logger', 'none'], { cwd });
    const ids = [first, second].map((r) => /^run ([0-9a-f]+)/m.exec(r.stderr)![1]);
    ok(['add', 'outside any run', '--cmd', 'true'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    const s = JSON.parse(ok(['stats', '--json'], { cwd }));
    expect(s.total).toBe(5);
    expect(s.by_run).toHaveLength(2);
    for (const id of ids) expect(s.by_run).toContainEqual(expect.objectContaining({ run: id, name: 'nightly', total: 2, successful: 1, failed: 1, success_rate: 0.5 }));
    const one = JSON.parse(ok(['stats', '--json', '--run', ids[1]], { cwd }));
    expect(one).toMatchObject({ total: 2, failed: 1 });
    expect(one.by_run.map((g: { run: string }) => g.run)).toEqual([ids[1]]);
    expect(ok(['stats'], { cwd })).toContain(`run ${ids[0]} (nightly)`);
    expect(ok(['stats', '--format', 'prometheus'], { cwd })).toMatch(new RegExp(`^workblock_blocks_failed\\{run="${ids[0]}"\\} 1$`, 'm'));
  });

  it('rejects an unknown --format with exit 2', () => {
    const r = cli(['stats', '--format', 'xml'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('use text, json or prometheus');
  });
});
