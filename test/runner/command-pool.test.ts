/**
 * The command pool with one slot hands the next commands to its spawner before the running one ends
 * (real /bin/sh spawners, real commands). What it must guarantee: they start while this thread is
 * busy, in order; a command taken back never runs; a kill reaches the running command and takes
 * back the waiting ones; nothing is handed over behind a command with a timeout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandPool } from '../../src/runner/command-pool.js';
import type { CommandSpec } from '../../src/runner/command-spec.js';
import { REPO_ROOT, useTempDir } from '../loggers/temp-dir.js';
import { until } from '../helpers/processes.js';

const tempDir = useTempDir();
let pool: CommandPool | null = null;

afterEach(() => {
  pool?.close();
  pool = null;
});

function spec(id: number, shell: string, dir: string, timeoutMs: number | null = null): CommandSpec {
  return { id, attempts: 1, command: { shell }, cwd: dir, env: {}, timeoutMs };
}

/** Blocks this thread (timers, I/O callbacks and all) for `ms`, as a long synchronous commit would. */
function blockThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('CommandPool with one slot', () => {
  it('starts the next commands in order while this thread is blocked', async () => {
    const dir = tempDir();
    pool = new CommandPool(1, path.join(dir, 'logs'));
    const handles = [spec(1, 'sleep 0.2; echo 1 >> order', dir), spec(2, 'echo 2 >> order', dir), spec(3, 'echo 3 >> order', dir)].map((s) => pool!.run(s));
    blockThread(2000); // long past the sleep: 2 and 3 ran without this thread
    expect(fs.readFileSync(path.join(dir, 'order'), 'utf8')).toBe('1\n2\n3\n');
    const outcomes = await Promise.all(handles.map((h) => h.done));
    expect(outcomes.map((o) => o?.ok)).toEqual([true, true, true]);
  });

  it('never runs a command taken back before it started, and leaves no attempt in its log', async () => {
    const dir = tempDir();
    pool = new CommandPool(1, path.join(dir, 'logs'));
    const first = pool.run(spec(1, 'sleep 0.3', dir));
    const second = pool.run(spec(2, 'touch ran', dir));
    second.cancel();
    expect(await second.done).toBeNull();
    expect(await second.started).toBeNull();
    expect((await first.done)?.ok).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'logs', '2.log'), 'utf8')).toBe('');
    expect(fs.existsSync(path.join(dir, 'logs', '2.err'))).toBe(false);
  });

  it('signals the running command and takes back the waiting ones on kill', async () => {
    const dir = tempDir();
    pool = new CommandPool(1, path.join(dir, 'logs'));
    const running = pool.run(spec(1, 'sleep 30', dir));
    const waiting = pool.run(spec(2, 'touch ran', dir));
    expect(await running.started).toBeGreaterThan(0);
    // The executor's order: what waits first (else the spawner may start it as the first one ends).
    waiting.kill('SIGTERM');
    running.kill('SIGTERM');
    const outcome = await running.done;
    expect(outcome?.signal).toBe('SIGTERM');
    expect(running.interrupted).toBe(true);
    expect(await waiting.done).toBeNull();
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  it('hands nothing over behind a command with a timeout (its timer signals the whole group)', async () => {
    const dir = tempDir();
    pool = new CommandPool(1, path.join(dir, 'logs'));
    const timed = pool.run(spec(1, 'sleep 0.2', dir, 60_000));
    const next = pool.run(spec(2, 'touch ran', dir));
    blockThread(1500);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false); // it waited for this thread
    expect((await timed.done)?.ok).toBe(true);
    expect((await next.done)?.ok).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(true);
  });

  it('starts none of the commands handed over once its executor is killed with -9', async () => {
    const dir = tempDir();
    const executor = spawn(process.execPath, [path.join(REPO_ROOT, 'test', 'fixtures', 'pool-orphan.mjs'), dir], { stdio: 'ignore' });
    const started = path.join(dir, 'started');
    await until(() => fs.existsSync(started));
    executor.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the slow one ends at 0.5 s; 2 and 3 would follow
    expect(fs.readFileSync(started, 'utf8')).toBe('1\n');
  });
});
