/**
 * `show` and `logs` say on which host a block runs or ran; command logs stay on that machine, so
 * `logs` elsewhere says where they are instead of "no output". Hosts are told apart by WORKBLOCK_HOST_ID.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

const on = (host: string) => ({ WORKBLOCK_HOST_ID: host });
const logFiles = (cwd: string, id: number) => [path.join(cwd, 'data', 'logs', `${id}.log`), path.join(cwd, 'data', 'logs', `${id}.err`)];

describe('the host a block ran on', () => {
  it('is shown by show, for a block in history, a failed one and a running one', async () => {
    const cwd = tempDir();
    ok(['add', 'hello', '--cmd', 'echo hello'], { cwd });
    ok(['add', 'boom', '--cmd', 'exit 3'], { cwd });
    cli(['execute', '2', '--logger', 'none'], { cwd, env: on('host-a') });
    expect(JSON.parse(ok(['show', '1', '--json'], { cwd, env: on('host-b') }))).toMatchObject({ id: 1, outcome: 'success', host: 'host-a' });
    expect(JSON.parse(ok(['show', '2', '--json'], { cwd, env: on('host-b') }))).toMatchObject({ id: 2, status: 'failed', host: 'host-a' });
    expect(ok(['show', '1'], { cwd })).toMatch(/^host +host-a$/m);

    const started = path.join(cwd, 'started');
    ok(['add', 'long', '--cmd', `touch ${started}; sleep 600`], { cwd });
    const worker = startCli(['execute', '1', '--logger', 'none'], { cwd, env: on('host-c') });
    const exited = waitExit(worker);
    await until(() => fs.existsSync(started), 20_000);
    expect(JSON.parse(ok(['show', '3', '--json'], { cwd }))).toMatchObject({ status: 'running', host: 'host-c' });
    worker.kill('SIGTERM');
    await exited;
  });

  it('is not shown for a block that never ran', () => {
    const cwd = tempDir();
    ok(['add', 'waiting'], { cwd });
    expect(JSON.parse(ok(['show', '1', '--json'], { cwd })).host).toBeNull();
    expect(ok(['show', '1'], { cwd })).not.toMatch(/^host/m);
  });

  it('is where logs points when the log is not on this machine', () => {
    const cwd = tempDir();
    ok(['add', 'hello', '--cmd', 'echo hello'], { cwd });
    ok(['execute', '1', '--logger', 'none'], { cwd, env: on('host-a') });
    expect(ok(['logs', '1'], { cwd, env: on('host-a') })).toContain('hello');
    // On the machine that ran it, a log read from a shared directory elsewhere says where it ran.
    const shared = cli(['logs', '1'], { cwd, env: on('host-b') });
    expect(shared.stdout).toContain('hello');
    expect(shared.stderr).toBe('block #1 ran on host-a\n');

    // The files live on host-a; host-b has none of them.
    for (const f of logFiles(cwd, 1)) fs.rmSync(f, { force: true });
    const elsewhere = cli(['logs', '1'], { cwd, env: on('host-b') });
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stdout).toBe('');
    expect(elsewhere.stderr).toBe('block #1 ran on host-a; its log is on that machine\n');
    // On host-a itself a missing log was pruned or never written: the old message.
    expect(cli(['logs', '1'], { cwd, env: on('host-a') }).stderr).toMatch(/^block #1 has no output/);
  });
});
