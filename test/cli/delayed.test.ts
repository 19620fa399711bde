import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

describe('add --at / --in', () => {
  it('keeps a delayed block out of execute until its time, then runs it', async () => {
    const cwd = tempDir();
    ok(['add', 'much later', '--cmd', 'true', '--in', '1h'], { cwd });
    ok(['add', 'soon', '--cmd', 'date +%s%3N > ran-at', '--in', '1500ms'], { cwd });
    const runAt = Date.parse(JSON.parse(ok(['show', '2', '--json'], { cwd })).run_at);
    // Poll until due, with a generous deadline for a loaded machine; nothing may run before its time.
    const deadline = Date.now() + 20_000;
    const ran: number[] = [];
    while (!ran.includes(2) && Date.now() < deadline) {
      await sleep(200);
      ran.push(...JSON.parse(ok(['execute', '--json', '--logger', 'none'], { cwd })).blocks.map((b: { id: number }) => b.id));
    }
    expect(ran).toEqual([2]);
    expect(Number(fs.readFileSync(path.join(cwd, 'ran-at'), 'utf8'))).toBeGreaterThanOrEqual(runAt);
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });

  it('stores --at in local time (TZ) or as ISO 8601 with a zone', () => {
    const cwd = tempDir();
    ok(['add', 'local', '--at', '2031-03-04 05:06'], { cwd, env: { TZ: 'Asia/Tokyo' } });
    ok(['add', 'zoned', '--at', '2031-03-04T05:06:00-02:00'], { cwd });
    expect(JSON.parse(ok(['show', '1', '--json'], { cwd })).run_at).toBe('2031-03-03T20:06:00.000Z');
    expect(JSON.parse(ok(['show', '2', '--json'], { cwd })).run_at).toBe('2031-03-04T07:06:00.000Z');
  });

  it('applies --in to every line of add -', () => {
    const cwd = tempDir();
    cli(['add', '-', '--in', '1h'], { cwd, input: 'a\nb\n' });
    expect(JSON.parse(ok(['execute', '--dry-run', '--json'], { cwd })).would_execute).toEqual([]);
    expect(ok(['list', '--count'], { cwd })).toBe('2\n');
  });

  it('rejects a past, malformed or doubled time with exit 2 and adds nothing', () => {
    const cwd = tempDir();
    for (const args of [['--at', '2020-01-01 10:00'], ['--at', 'tomorrow'], ['--at', '2031-02-30'], ['--in', 'soon'], ['--at', '2031-01-01', '--in', '1h']]) {
      const r = cli(['add', 'x', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(cli(['list', '--count'], { cwd }).stdout).toBe('0\n');
  });

  it('accepts a time up to a minute in the past (clock skew, the current minute) and refuses one further back', () => {
    const cwd = tempDir();
    const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    ok(['add', 'just now', '--at', iso(30_000)], { cwd });
    const r = cli(['add', 'too late', '--at', iso(120_000)], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is more than a minute in the past/);
    expect(cli(['list', '--count'], { cwd }).stdout).toBe('1\n');
  });
});
