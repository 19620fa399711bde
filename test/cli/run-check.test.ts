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
    // Nothing was queued: the database was never created.
    expect(fs.existsSync(path.join(cwd, 'data'))).toBe(false);
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
      expect(r.stderr).toContain('"check" must be a shell command');
    }
  });

  it('stores a batch command’s check on its block, and warns that run does not yet enforce it', () => {
    const cwd = tempDir();
    const r = cli(['run', batch(cwd, [{ name: 'a', command: 'exit 1', check: 'curl -fs http://localhost:1/health' }]), '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: "check" is not yet run before each command');
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(block.check).toBe('curl -fs http://localhost:1/health');
  });
});
