/**
 * The summary of a long execute: the table keeps only what it shows (failures first), the counts stay
 * complete, and --json still lists every block.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

/** 120 blocks without commands and, among them, two that fail. */
function queueWithTwoFailures(): string {
  const cwd = tempDir();
  const lines = Array.from({ length: 120 }, (_, i) => JSON.stringify(i === 30 || i === 90 ? { task: `broken ${i + 1}`, cmd: 'exit 4' } : { task: `fine ${i + 1}` }));
  ok(['add', '-'], { cwd, input: `${lines.join('\n')}\n` });
  return cwd;
}

describe('execute summary', () => {
  it('shows the failures of a long run in the table, with complete counts', () => {
    const cwd = queueWithTwoFailures();
    const r = cli(['execute', '120', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken 31');
    expect(r.stdout).toContain('broken 91');
    expect(r.stdout).not.toContain('fine');
    expect(r.stdout).toContain('(118 more not shown: --json lists every block)');
    expect(r.stdout).toContain('Executed 120: 118 succeeded, 2 failed');
  });

  it('lists every block with --json', () => {
    const cwd = queueWithTwoFailures();
    const r = cli(['execute', '120', '--logger', 'none', '--json'], { cwd });
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { executed: number; successful: number; failed: number; blocks: Array<{ id: number; status: string }> };
    // The same shape as the summary of a short run, whose every report is kept anyway.
    const short = tempDir();
    ok(['add', 'one'], { cwd: short });
    const shortJson = JSON.parse(ok(['execute', '1', '--logger', 'none', '--json'], { cwd: short })) as { blocks: object[] };
    expect(Object.keys(s)).toEqual(Object.keys(shortJson));
    expect(Object.keys(s.blocks[0])).toEqual(Object.keys(shortJson.blocks[0]));
    expect([s.executed, s.successful, s.failed]).toEqual([120, 118, 2]);
    expect(s.blocks.map((b) => b.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(s.blocks.filter((b) => b.status === 'failed').map((b) => b.id)).toEqual([31, 91]);
  });

  it('shows every block when there are few', () => {
    const cwd = tempDir();
    ok(['add', 'first'], { cwd });
    ok(['add', 'second'], { cwd });
    const out = ok(['execute', '2', '--logger', 'none'], { cwd });
    expect(out).toContain('first');
    expect(out).toContain('second');
    expect(out).not.toContain('more not shown');
  });

  describe.each([true, false])('with --json %s', (json) => {
    it('counts a block stopped by Ctrl-C apart as interrupted, not as executed', async () => {
      const cwd = tempDir();
      ok(['add', 'quick', '--cmd', 'true'], { cwd });
      ok(['add', 'long', '--cmd', 'echo up > ready; sleep 600'], { cwd });
      const executor = startCli(['execute', '2', '--logger', 'none', ...(json ? ['--json'] : [])], { cwd });
      const exited = waitExit(executor);
      await until(() => fs.existsSync(path.join(cwd, 'ready')));
      executor.kill('SIGINT');
      const r = await exited;
      expect(r.code, r.stderr).toBe(130);
      if (json) {
        const s = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(s).toMatchObject({ executed: 1, successful: 1, failed: 0, interrupted: 1 });
      } else {
        expect(r.stdout).toMatch(/ 2 +long +interrupted/);
        expect(r.stdout).toContain('Executed 1: 1 succeeded, 0 failed');
        expect(r.stdout).toMatch(/1 interrupted \(back to pending\)/);
      }
    });
  });
});
