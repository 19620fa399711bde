/**
 * The command pool hands the next commands to its spawners before their running ones end
 * (real /bin/sh spawners, real commands). What it must guarantee: they start while this thread is
 * busy, in order; a command taken back never runs; a kill reaches the running command and takes
 * back the waiting ones; nothing is handed over behind a command with a timeout; with several
 * slots, a command waiting behind a long one moves to a spawner that is free, and runs once.
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
    // (A first attempt's files are created by the spawner as it starts the command: none here.)
    const log = path.join(dir, 'logs', '2.log');
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
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
    // The spawner left on its own, taking its separator file with it (spawner-script.ts).
    expect(fs.readdirSync(path.join(dir, 'logs')).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('CommandPool requests', () => {
  it('runs each command in its own directory and environment, whichever request form carries it', async () => {
    const dir = tempDir();
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    pool = new CommandPool(1, path.join(dir, 'logs'));
    // A plain-words command with no environment, in the previous request's directory, goes as one
    // line that keeps that directory (spawner-script.ts): directory and environment changes in
    // between must reach each command all the same.
    const specs: CommandSpec[] = [
      spec(1, 'pwd', dir),
      spec(2, 'pwd', dir),
      spec(3, 'pwd', other),
      spec(4, 'pwd', other),
      { ...spec(5, 'printenv X', other), env: { X: 'from 5' } },
      spec(6, 'printenv X', other),
      spec(7, ' \techo  two   spaces\t ', other),
      spec(8, 'pwd', dir),
    ];
    const outcomes = await Promise.all(specs.map((s) => pool!.run(s).done));
    expect(outcomes.map((o) => o?.exitCode)).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
    const stdout = (id: number) => fs.readFileSync(path.join(dir, 'logs', `${id}.log`), 'utf8').split('\n')[1];
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(stdout)).toEqual([dir, dir, other, other, 'from 5', '--- attempt 1 failed: command exited with code 1', 'two spaces', dir]);
    // The tails start after the marker the spawner wrote: its length is the one counted here.
    expect(outcomes.map((o) => o?.stdoutTail)).toEqual([dir, dir, other, other, 'from 5', '', 'two spaces', dir]);
  });
});

describe('CommandPool log files', () => {
  it('refuses to start a command whose log path became a symlink after it was handed over', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'target'), 'keep\n');
    pool = new CommandPool(1, path.join(dir, 'logs'));
    // 2 is handed over (its paths checked: nothing there) while 1 runs, and 1 plants the symlink.
    const planting = pool.run(spec(1, 'ln -sf ../target logs/2.log', dir));
    const second = pool.run(spec(2, 'echo written', dir));
    expect((await planting.done)?.ok).toBe(true);
    const refused = await second.done;
    expect(refused?.ok).toBe(false);
    expect(refused?.error).toMatch(/refusing to write .*2\.log: it is a symbolic link/);
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('keep\n');
    // Nothing of the attempt is left: the stderr file the spawner had created held only its marker.
    pool.close();
    pool = null;
    expect(fs.readdirSync(path.join(dir, 'logs')).sort()).toEqual(['1.log', '2.log']);
    expect(fs.lstatSync(path.join(dir, 'logs', '2.log')).isSymbolicLink()).toBe(true);
  });

  it('refuses to start a later attempt whose log file was swapped for a symlink after it was handed over', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'target'), 'keep\n');
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'logs', '2.log'), 'an earlier attempt\n', { mode: 0o600 });
    pool = new CommandPool(1, path.join(dir, 'logs'));
    // 2's files exist, so execute opens them at hand-over; 1 then swaps its log for a symlink.
    const swapping = pool.run(spec(1, 'ln -sf ../target logs/2.log', dir));
    const second = pool.run({ ...spec(2, 'echo written', dir), attempts: 2 });
    expect((await swapping.done)?.ok).toBe(true);
    const refused = await second.done;
    expect(refused?.ok).toBe(false);
    expect(refused?.error).toMatch(/refusing to write .*2\.log: it is a symbolic link/);
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('keep\n');
  });

  it('leaves only the blocks\' files in the logs directory once the pool is closed', async () => {
    const dir = tempDir();
    pool = new CommandPool(2, path.join(dir, 'logs'));
    const outcomes = await Promise.all([1, 2, 3, 4].map((id) => pool!.run(spec(id, id % 2 ? 'true' : 'echo out; echo err >&2', dir)).done));
    expect(outcomes.map((o) => o?.ok)).toEqual([true, true, true, true]);
    pool.close();
    pool = null;
    // (Leaving out ID.order, which 2 and 4 may have: events still unread when the pool closes are dropped.)
    const names = fs.readdirSync(path.join(dir, 'logs'));
    expect(names.filter((name) => !name.endsWith('.order')).sort()).toEqual(['1.log', '2.err', '2.log', '3.log', '4.err', '4.log']);
    for (const name of fs.readdirSync(path.join(dir, 'logs'))) expect(fs.statSync(path.join(dir, 'logs', name)).mode & 0o777).toBe(0o600);
  });
});

describe('CommandPool with several slots', () => {
  it('hands each busy spawner its next command, which starts while this thread is blocked', async () => {
    const dir = tempDir();
    pool = new CommandPool(2, path.join(dir, 'logs'));
    const handles = [spec(1, 'sleep 0.3', dir), spec(2, 'sleep 0.3', dir), spec(3, 'touch ran3', dir), spec(4, 'touch ran4', dir)].map((s) => pool!.run(s));
    blockThread(2000); // long past the sleeps: 3 and 4 ran without this thread
    expect(['ran3', 'ran4'].filter((f) => fs.existsSync(path.join(dir, f)))).toEqual(['ran3', 'ran4']);
    const outcomes = await Promise.all(handles.map((h) => h.done));
    expect(outcomes.map((o) => o?.ok)).toEqual([true, true, true, true]);
  });

  it('moves a command waiting behind a long one to a spawner that is free', async () => {
    const dir = tempDir();
    pool = new CommandPool(2, path.join(dir, 'logs'));
    const long = pool.run(spec(1, 'sleep 30', dir));
    const short = pool.run(spec(2, 'sleep 0.2', dir));
    // One of these waits behind the long command: it must not wait for it.
    const next = [spec(3, 'touch ran3', dir), spec(4, 'touch ran4', dir)].map((s) => pool!.run(s));
    const outcomes = await Promise.race([Promise.all(next.map((h) => h.done)), new Promise((resolve) => setTimeout(resolve, 5000, 'waited'))]);
    expect(outcomes).not.toBe('waited');
    expect((outcomes as Array<{ ok: boolean } | null>).map((o) => o?.ok)).toEqual([true, true]);
    expect((await short.done)?.ok).toBe(true);
    // Moved, not run twice: each ran once, its log has one attempt.
    for (const id of [3, 4]) expect(fs.readFileSync(path.join(dir, 'logs', `${id}.log`), 'utf8').match(/--- attempt 1 started/g)).toHaveLength(1);
    long.kill('SIGTERM');
    expect((await long.done)?.signal).toBe('SIGTERM');
  });

  it('takes back the commands waiting behind every running one on kill', async () => {
    const dir = tempDir();
    pool = new CommandPool(2, path.join(dir, 'logs'));
    const running = [pool.run(spec(1, 'sleep 30', dir)), pool.run(spec(2, 'sleep 30', dir))];
    const waiting = [pool.run(spec(3, 'touch ran3', dir)), pool.run(spec(4, 'touch ran4', dir))];
    await Promise.all(running.map((h) => h.started));
    waiting.forEach((h) => h.kill('SIGTERM')); // (the executor's order: what waits first)
    running.forEach((h) => h.kill('SIGTERM'));
    expect((await Promise.all(running.map((h) => h.done))).map((o) => o?.signal)).toEqual(['SIGTERM', 'SIGTERM']);
    expect(await Promise.all(waiting.map((h) => h.done))).toEqual([null, null]);
    expect(fs.existsSync(path.join(dir, 'ran3')) || fs.existsSync(path.join(dir, 'ran4'))).toBe(false);
  });

  it('hands nothing over behind commands with a timeout', async () => {
    const dir = tempDir();
    pool = new CommandPool(2, path.join(dir, 'logs'));
    const timed = [pool.run(spec(1, 'sleep 0.2', dir, 60_000)), pool.run(spec(2, 'sleep 0.2', dir, 60_000))];
    const next = pool.run(spec(3, 'touch ran', dir));
    blockThread(1500);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false); // it waited for this thread
    expect((await Promise.all(timed.map((h) => h.done))).map((o) => o?.ok)).toEqual([true, true]);
    expect((await next.done)?.ok).toBe(true);
  });
});
