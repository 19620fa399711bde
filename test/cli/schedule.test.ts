import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

describe('schedule', () => {
  it('has help with an example for every template and schedule action', () => {
    const cwd = tempDir();
    for (const [cmd, actions] of [['template', ['add', 'list', 'show', 'remove']], ['schedule', ['add', 'list', 'remove']]] as const) {
      for (const action of actions) expect(ok([cmd, action, '--help'], { cwd }), `${cmd} ${action}`).toContain('Examples:');
    }
  });

  it('adds, lists and removes schedules', () => {
    const cwd = tempDir();
    ok(['schedule', 'add', 'weekly', '--cron', '0 9 * * 1', '--cmd', 'make report', '--tag', 'report'], { cwd, env: { TZ: 'UTC' } });
    ok(['schedule', 'add', 'hourly', '--every', '1h', '--cmd', '--', 'echo', 'hi'], { cwd });
    const list = JSON.parse(ok(['schedule', 'list', '--json'], { cwd, env: { TZ: 'UTC' } }));
    expect(list.map((s: { name: string }) => s.name)).toEqual(['hourly', 'weekly']);
    expect(list[0]).toMatchObject({ every_ms: 3_600_000, cron: null, catch_up: 'latest', task: 'hourly', command: { argv: ['echo', 'hi'] }, last_slot: null });
    expect(Date.parse(list[0].next_at) % 3_600_000).toBe(0);
    expect(list[1].next_at).toMatch(/T09:00:00\.000Z$/);
    expect(new Date(list[1].next_at).getUTCDay()).toBe(1);
    expect(ok(['schedule', 'list'], { cwd })).toMatch(/^hourly +every 1h +\d{4}-/m);
    ok(['schedule', 'remove', 'hourly'], { cwd });
    expect(JSON.parse(ok(['schedule', 'list', '--json'], { cwd }))).toHaveLength(1);
    expect(cli(['schedule', 'remove', 'hourly'], { cwd }).code).toBe(2);
  });

  it('never shows a secret in a schedule’s command', () => {
    const cwd = tempDir();
    ok(['schedule', 'add', 'fetch', '--every', '1h', '--env', 'API_TOKEN=s3cr3t-value', '--cmd', 'curl -H "Authorization: s3cr3t-value" "https://u:hunter2@h/x?token=abc123"'], { cwd });
    ok(['schedule', 'add', 'argv', '--every', '1h', '--cmd', '--', 'curl', 'https://u:hunter2@h/x'], { cwd });
    for (const text of [ok(['schedule', 'list'], { cwd }), ok(['schedule', 'list', '--json'], { cwd })]) {
      for (const secret of ['hunter2', 'abc123', 's3cr3t-value']) expect(text).not.toContain(secret);
    }
    const [argv, shell] = JSON.parse(ok(['schedule', 'list', '--json'], { cwd })).map((s: { command: unknown }) => s.command);
    expect(argv).toEqual({ argv: ['curl', 'https://***@h/x'] });
    expect(shell.shell).toMatch(/^curl -H "Authorization: \*\*\*" "https:\/\/\*\*\*@h\/x\?token=\*\*\*/);
  });

  it('refuses bad schedules with exit 2 and stores nothing', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'two', '--cmd', '--', 'echo', '{1}', '{2}'], { cwd });
    const bad = [
      ['x', '--cmd', 'true'],
      ['x', '--every', '1h', '--cron', '* * * * *', '--cmd', 'true'],
      ['x', '--every', '1h'],
      ['x', '--every', '100ms', '--cmd', 'true'],
      ['x', '--cron', '0 9 * *', '--cmd', 'true'],
      ['x', '--every', 'often', '--cmd', 'true'],
      ['x', '--every', '1h', '--template', 'two', 'only-one'],
      ['x', '--every', '1h', '--template', 'missing'],
      ['bad name', '--every', '1h', '--cmd', 'true'],
    ];
    for (const args of bad) {
      const r = cli(['schedule', 'add', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    ok(['schedule', 'add', 'dup', '--every', '1h', '--cmd', 'true'], { cwd });
    expect(cli(['schedule', 'add', 'dup', '--every', '1h', '--cmd', 'true'], { cwd }).code).toBe(2);
    expect(JSON.parse(ok(['schedule', 'list', '--json'], { cwd })).map((s: { name: string }) => s.name)).toEqual(['dup']);
  });

  it('is queued and run by execute once due, from a template', async () => {
    const cwd = tempDir();
    ok(['template', 'add', 'stamp', '--cmd', 'echo "$1" >> stamps.txt'], { cwd });
    ok(['schedule', 'add', 'tick', '--every', '1s', '--template', 'stamp', 'tock'], { cwd });
    const deadline = Date.now() + 20_000;
    let executed = 0;
    while (!executed && Date.now() < deadline) {
      await sleep(300);
      const r = cli(['execute', '--json', '--logger', 'none'], { cwd });
      executed = JSON.parse(r.stdout).executed;
      if (executed) expect(r.stderr).toMatch(/queued 1 scheduled block\(s\): #1/);
    }
    expect(executed).toBe(1);
    expect(fs.readFileSync(path.join(cwd, 'stamps.txt'), 'utf8')).toBe('tock\n');
    expect(JSON.parse(ok(['schedule', 'list', '--json'], { cwd }))[0].last_slot).not.toBeNull();
  });
});
