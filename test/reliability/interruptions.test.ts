/** The interruption paths one by one: what the command itself receives, keys across runs, leases, long timeouts. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, until } from '../helpers/processes.js';

const jsonl = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const keyOf = (r: Record<string, unknown>) => r.idempotency_key ?? r.idempotencyKey;

describe.concurrent('a signal to execute reaches the running command itself', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: the command's own trap runs, and execute exits ${code} well before the kill grace`, async () => {
      const cwd = tempDir();
      const name = signal.slice(3);
      ok(['add', 'long', '--cmd', `trap 'echo ${name} > got; exit 1' ${name}; echo up > ready; sleep 30 & wait`], { cwd });
      const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '20000' } });
      const exited = waitExit(executor);
      await until(() => fs.existsSync(path.join(cwd, 'ready')));
      const t0 = Date.now();
      executor.kill(signal);
      const r = await exited;
      expect(r.code, r.stderr).toBe(code);
      // Not the SIGKILL 20 s later: the command got the signal and ended on its own.
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(fs.readFileSync(path.join(cwd, 'got'), 'utf8').trim()).toBe(name);
      const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
      expect(block).toMatchObject({ id: 1, status: 'pending' });
    });
  }
});

describe('the grace period on the way out', () => {
  it('SIGKILLs a command that ignores SIGINT once the grace period is over, and exits 130 with nothing left running', async () => {
    const cwd = tempDir();
    // `trap ''` is inherited: the shell and its sleep both ignore SIGINT and SIGTERM; only SIGKILL ends them.
    ok(['add', 'stubborn', '--cmd', `trap '' INT TERM; echo $$ > pid; sleep 600 & echo $! > child; wait`], { cwd });
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '1500' } });
    const exited = waitExit(executor);
    const read = (f: string) => (fs.existsSync(path.join(cwd, f)) ? fs.readFileSync(path.join(cwd, f), 'utf8').trim() : '');
    await until(() => read('pid') !== '' && read('child') !== '');
    const [shell, child] = [Number(read('pid')), Number(read('child'))];
    const t0 = Date.now();
    executor.kill('SIGINT');
    const r = await exited;
    expect(r.code, r.stderr).toBe(130);
    // It waited for the grace period before the SIGKILL (the signal alone changed nothing)...
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    // ...and when execute has exited, neither the command nor its child is still running.
    await until(() => !alive(shell) && !alive(child), 2000).catch(() => undefined);
    expect([alive(shell), alive(child)]).toEqual([false, false]);
    const [row] = await queryRows<{ status: string; last_error: string }>(cwd, 'select status, last_error from blocks');
    expect(row).toMatchObject({ status: 'pending', last_error: 'interrupted by a signal; will run again' });
  });
});

describe('nothing of a stopped command is left behind', () => {
  it("SIGKILLs what is left in the command's process group after Ctrl-C: a background job the shell started with SIGINT ignored", async () => {
    const cwd = tempDir();
    // A non-interactive shell starts `sleep 600 &` with SIGINT ignored: the forwarded SIGINT ends the
    // shell, never its job.
    ok(['add', 'leaves a job', '--cmd', 'sleep 600 & echo $! > child; wait'], { cwd });
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '20000' } });
    const exited = waitExit(executor);
    const childFile = path.join(cwd, 'child');
    await until(() => fs.existsSync(childFile) && fs.readFileSync(childFile, 'utf8').trim() !== '');
    const child = Number(fs.readFileSync(childFile, 'utf8'));
    executor.kill('SIGINT');
    const r = await exited;
    expect(r.code, r.stderr).toBe(130);
    await until(() => !alive(child), 2000).catch(() => undefined);
    expect(alive(child)).toBe(false);
  });
});

describe('a closed stdout', () => {
  it('finishes the work and exits 1 when stdout was closed before the summary could be written', async () => {
    const cwd = tempDir();
    ok(['add', 'first', '--cmd', 'echo 1 >> runs'], { cwd });
    ok(['add', 'second', '--cmd', 'echo 2 >> runs'], { cwd });
    const executor = startCli(['execute', '2', '--logger', 'none'], { cwd });
    // The reader leaves at once, as `execute | head -0` would: nothing goes to stdout until the summary.
    executor.stdout!.destroy();
    const r = await waitExit(executor);
    // The summary, stdout's data, was lost: that is a failure to report, not a success.
    expect(r.code, r.stderr).toBe(1);
    expect(fs.readFileSync(path.join(cwd, 'runs'), 'utf8')).toBe('1\n2\n');
    expect(await queryRows(cwd, 'select block_id, outcome from history order by block_id')).toEqual([
      { block_id: 1, outcome: 'success' },
      { block_id: 2, outcome: 'success' },
    ]);
  });
});

describe('idempotency keys', () => {
  it('gives the success after `retry` a key of its own, different from the failure before it', () => {
    const cwd = tempDir();
    const out = path.join(cwd, 'out.jsonl');
    ok(['add', 'flaky', '--cmd', 'test -e ok'], { cwd });
    expect(cli(['execute', '1', '--logger', `jsonl:${out}`], { cwd }).code).toBe(1);
    ok(['retry', '1'], { cwd });
    fs.writeFileSync(path.join(cwd, 'ok'), '');
    ok(['execute', '1', '--logger', `jsonl:${out}`], { cwd });
    const records = jsonl(out);
    expect(records.map((r) => r.outcome)).toEqual(['failed', 'success']);
    expect(keyOf(records[0])).not.toBe(keyOf(records[1]));
    expect(String(keyOf(records[1]))).toMatch(/^wb-1-\d+-\d+$/);
  });

  it('repeats the key of a run when a refused delivery is retried, without running the command again', () => {
    const cwd = tempDir();
    const out = path.join(cwd, 'out.jsonl');
    ok(['add', 'once', '--cmd', 'echo ran >> runs'], { cwd });
    // The exec logger refuses until the file `accept` exists.
    const picky = ['--logger', `jsonl:${out}`, '--logger', 'exec:/bin/sh -c "test -e accept"'];
    expect(cli(['execute', '1', ...picky], { cwd }).code).toBe(1);
    fs.writeFileSync(path.join(cwd, 'accept'), '');
    ok(['execute', '1', ...picky], { cwd });
    const records = jsonl(out);
    expect(records).toHaveLength(2);
    expect(keyOf(records[0])).toBe(keyOf(records[1]));
    expect(fs.readFileSync(path.join(cwd, 'runs'), 'utf8')).toBe('ran\n');
  });
});

describe('leases', () => {
  it('refuses a lease too short to renew safely, with exit 2 and the minimum', () => {
    const cwd = tempDir();
    ok(['add', 'x'], { cwd });
    const r = cli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_LEASE_MS: '500' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WORKBLOCK_LEASE_MS=500 is too short: use at least 5000/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('never lets a second executor take a block from a live one, however short the lease', async () => {
    const cwd = tempDir();
    ok(['add', 'slow', '--cmd', 'echo start >> runs; sleep 7; echo end >> runs'], { cwd });
    const env = { WORKBLOCK_LEASE_MS: '5000' };
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env });
    const first = waitExit(executor);
    await until(() => fs.existsSync(path.join(cwd, 'runs')));
    // A stopped executor renews nothing: its lease lapses while its pid stays alive.
    executor.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 5500));
    const second = cli(['execute', '1', '--logger', 'none'], { cwd, env });
    executor.kill('SIGCONT');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/recovered/);
    const r = await first;
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'runs'), 'utf8')).toBe('start\nend\n');
  });
});

describe('lease renewal', () => {
  it('keeps renewing a live executor\'s lease past its length, so another host never recovers the block', async () => {
    const cwd = tempDir();
    ok(['add', 'outlives its lease', '--cmd', 'echo start >> runs; i=0; while [ ! -e go ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; echo end >> runs'], { cwd });
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_LEASE_MS: '5000', WORKBLOCK_HOST_ID: 'host-a' } });
    const exited = waitExit(executor);
    await until(() => fs.existsSync(path.join(cwd, 'runs')));
    // Half as long again as the lease: without renewal it would have expired by now.
    await new Promise((r) => setTimeout(r, 7500));
    // Another host cannot see host-a's pids: only the lease tells it the block is taken.
    const elsewhere = cli(['recover'], { cwd, env: { WORKBLOCK_HOST_ID: 'host-b' } });
    const readAt = Date.now();
    const [row] = await queryRows<{ status: string; lease_until: number }>(cwd, 'select status, lease_until from blocks');
    fs.writeFileSync(path.join(cwd, 'go'), '');
    const r = await exited;
    expect(elsewhere.stdout, elsewhere.stderr).toBe('0\n');
    expect(row.status).toBe('running');
    // Renewed every third of the lease: at least two thirds of it are left (a lapsed one is in the past).
    expect(Number(row.lease_until) - readAt).toBeGreaterThan(1000);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'runs'), 'utf8')).toBe('start\nend\n');
  });
});

describe('long timeouts', () => {
  it('runs a command with --timeout 25d to its end instead of killing it at once', () => {
    const cwd = tempDir();
    ok(['add', 'patient', '--cmd', 'sleep 0.5; echo done', '--timeout', '25d'], { cwd });
    const r = cli(['execute', '1', '--json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).successful).toBe(1);
  });
});
