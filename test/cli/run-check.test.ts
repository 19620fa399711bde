import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

function batch(cwd: string, commands: unknown[]): string {
  const file = path.join(cwd, 'services.json');
  fs.writeFileSync(file, JSON.stringify({ commands }));
  return file;
}

describe('run --check', () => {
  it('runs only the checks and prints ONLINE / OFFLINE per command, exit 1 when one is offline', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'sub'));
    const file = batch(cwd, [
      { name: 'api', command: 'touch ran-api', check: 'test "$PORT" = 8080 && test -d ../sub', env: { PORT: '8080' }, cwd: 'sub' },
      { name: 'db', command: 'touch ran-db', check: 'echo "connection refused" >&2; exit 7' },
      { name: 'worker', command: 'touch ran-worker' },
    ]);
    const r = cli(['run', file, '--check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('ONLINE  api\nOFFLINE db: check failed: exit 7: connection refused\nONLINE  worker (no check)\n');
    for (const f of ['ran-api', 'ran-db', 'ran-worker', 'sub/ran-api']) expect(fs.existsSync(path.join(cwd, f))).toBe(false);
    // Nothing was queued (on either backend).
    expect(ok(['list', '--all', '--count'], { cwd })).toBe('0\n');
  });

  it('exits 0 when every check passes, and prints JSON with --json', () => {
    const cwd = tempDir();
    const file = batch(cwd, [{ name: 'a', command: 'true', check: 'true' }, { name: 'b', command: 'true', check: 'exit 0', depends_on: ['a'] }]);
    const r = cli(['run', file, '--check', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.online).toBe(true);
    expect(out.commands).toEqual([
      { name: 'a', status: 'online', check: 'true', exit_code: 0, duration_ms: expect.any(Number), error: null },
      { name: 'b', status: 'online', check: 'exit 0', exit_code: 0, duration_ms: expect.any(Number), error: null },
    ]);
  });

  it('refuses a check that is not a command with exit 2', () => {
    const cwd = tempDir();
    for (const check of [42, '', '  ']) {
      const r = cli(['run', batch(cwd, [{ name: 'a', command: 'true', check }]), '--check'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^workblock: \S+ commands\[0\]: check: .+: .+/); // the block schema's LINE: FIELD: problem: fix
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('runs the check before the command and retries a failed check with the block’s backoff', () => {
    const cwd = tempDir();
    // The check fails once (and leaves a marker), then passes: the command runs exactly once, on attempt 2.
    const file = batch(cwd, [{ name: 'api', command: 'echo ran >> out.txt', check: 'test -f up || { touch up; echo "not up yet"; exit 1; }', retries: 2, retry_delay: '10ms' }]);
    const r = cli(['run', file, '--logger', 'none', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'out.txt'), 'utf8')).toBe('ran\n');
    const [entry] = JSON.parse(ok(['history', '--json'], { cwd }));
    expect(entry).toMatchObject({ outcome: 'success', attempts: 2 });
  });

  it('fails a block whose check keeps failing, reports "check failed", and never runs its command', () => {
    const cwd = tempDir();
    const file = batch(cwd, [
      { name: 'db', command: 'touch ran-db', check: 'echo "connection refused"; exit 7', retries: 1, retry_delay: '10ms' },
      { name: 'argv-ok', command: 'touch ran-ok', check: 'true' },
    ]);
    const r = cli(['run', file, '--logger', 'none', '--json'], { cwd });
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    const db = summary.blocks.find((b: { task: string }) => b.task === 'db');
    expect(db.status).toBe('failed');
    expect(db.error).toContain('check failed: echo "connection refused"; exit 7');
    expect(fs.existsSync(path.join(cwd, 'ran-db'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'ran-ok'))).toBe(true);
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(block).toMatchObject({ task: 'db', status: 'failed', attempts: 2, check: 'echo "connection refused"; exit 7' });
  });

  it('runs the check of a block added as an add - record before its command, under execute', () => {
    const cwd = tempDir();
    const records = [
      { task: 'down', command: 'touch ran-down', check: 'echo "no route to host"; exit 7', retries: 1, retry_delay: '10ms' },
      { task: 'up', command: 'touch ran-up', check: 'test -d .' },
    ];
    ok(['add', '-'], { cwd, input: records.map((r) => JSON.stringify(r)).join('\n') });
    const r = cli(['execute', '--logger', 'none', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(cwd, 'ran-down'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'ran-up'))).toBe(true);
    const [down] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(down).toMatchObject({ task: 'down', status: 'failed', attempts: 2 });
    expect(down.last_error).toMatch(/code 125: check failed: echo "no route to host"; exit 7$/);
  });
});
