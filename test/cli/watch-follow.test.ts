import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

describe('following a running queue', () => {
  it('logs --follow streams a running block and returns when it ends, stdout and stderr apart', async () => {
    const cwd = tempDir();
    ok(['add', 'slow', '--cmd', 'echo first; echo oops >&2; sleep 1.5; echo second'], { cwd });
    const executor = waitExit(startCli(['execute', '--logger', 'none'], { cwd }));
    const log = path.join(cwd, 'data', 'logs', '1.log');
    await until(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('first'));
    const follow = await waitExit(startCli(['logs', '1', '--follow'], { cwd }));
    expect(follow.code).toBe(0);
    // It was started mid-run and still saw the end: the line after the sleep and the footer.
    expect(follow.stdout).toMatch(/first\nsecond\n--- attempt 1 succeeded\n$/);
    expect(follow.stderr).toMatch(/^--- attempt 1 started .*\noops\n--- attempt 1 succeeded\n$/);
    expect((await executor).code).toBe(0);
  });

  it('status --watch on a pipe prints plain timestamped snapshots until Ctrl-C', async () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const child = startCli(['status', '--watch'], { cwd });
    const exited = waitExit(child);
    let seen = '';
    child.stdout!.on('data', (c) => (seen += c));
    await until(() => seen.includes('pending 1'));
    child.kill('SIGINT');
    const r = await exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\npending 1 /);
    expect(r.stdout).not.toContain('\x1b'); // no cursor moves or colours off a terminal
  });
});
