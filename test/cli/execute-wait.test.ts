/**
 * `execute --wait`: a long-lived worker that waits for work instead of exiting, ends on --max-time or
 * a signal, and queues due schedule occurrences while it waits. Real processes on either backend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { alive, until } from '../helpers/processes.js';

interface HistoryJson {
  id: number;
  task: string;
  outcome: string;
}
interface BlockJson {
  id: number;
  status: string;
  last_error: string | null;
}

/** CPU time (user + system) a live process has used, in ms (Linux: /proc/PID/stat fields 14 and 15, in ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const history = (cwd: string): HistoryJson[] => JSON.parse(ok(['history', '--json', '--limit', '1000'], { cwd }));
const blocks = (cwd: string): BlockJson[] => JSON.parse(ok(['list', '--all', '--json'], { cwd }));

describe('execute --wait', () => {
  it('documents --wait with an example and refuses flags that contradict it', () => {
    const cwd = tempDir();
    const help = ok(['execute', '--help'], { cwd });
    expect(help).toMatch(/--wait/);
    expect(help).toMatch(/execute --wait --max-time/);
    for (const args of [['--if-pending', '3'], ['--dry-run'], ['--until-empty']]) {
      const r = cli(['execute', '--wait', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/--wait/);
    }
  });

  it('waits on an empty queue, runs a block another process adds later, and exits 0 after N blocks', async () => {
    const cwd = tempDir();
    const marker = path.join(cwd, 'ran.txt');
    const worker = startCli(['execute', '1', '--wait', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    // Not an assertion: give the worker time to find the queue empty and start waiting.
    await sleep(1500);
    expect(alive(worker.pid!)).toBe(true);
    const added = Date.now();
    ok(['add', 'later', '--cmd', `echo picked > ${marker}`], { cwd });
    const result = await exited;
    expect(result.code, result.stderr).toBe(0);
    // Bounded: a commit wakes it, and it looks once a second anyway; a loaded machine gets generous slack.
    expect(Date.now() - added).toBeLessThan(20_000);
    expect(fs.readFileSync(marker, 'utf8')).toBe('picked\n');
    expect(history(cwd)).toMatchObject([{ id: 1, task: 'later', outcome: 'success' }]);
  });

  it('keeps waiting while the queue is paused and runs the block once it is resumed', async () => {
    const cwd = tempDir();
    ok(['pause'], { cwd });
    ok(['add', 'held'], { cwd });
    const worker = startCli(['execute', '1', '--wait', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    // Not an assertion: time for a few turns that must not claim it.
    await sleep(2500);
    expect(alive(worker.pid!)).toBe(true);
    expect(blocks(cwd)).toMatchObject([{ id: 1, status: 'pending' }]);
    ok(['resume'], { cwd });
    const result = await exited;
    expect(result.code, result.stderr).toBe(0);
    expect(history(cwd)).toMatchObject([{ task: 'held', outcome: 'success' }]);
  });

  it('also wakes for a delayed block when it comes due', async () => {
    const cwd = tempDir();
    const worker = startCli(['execute', '1', '--wait', '--max-time', '60s', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    ok(['add', 'soon', '--in', '2s'], { cwd });
    const result = await exited;
    expect(result.code, result.stderr).toBe(0);
    expect(history(cwd)).toMatchObject([{ task: 'soon', outcome: 'success' }]);
  });

  it('ends on --max-time with exit 0: running commands finish, nothing new is claimed', async () => {
    const cwd = tempDir();
    const started = path.join(cwd, 'started');
    const t0 = Date.now();
    const worker = startCli(['execute', '--wait', '--max-time', '4s', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    ok(['add', 'long', '--cmd', `touch ${started}; sleep 6; echo finished`], { cwd });
    await until(() => fs.existsSync(started), 20_000);
    // One slot, taken until after the deadline: this one can never start.
    ok(['add', 'too late', '--cmd', 'true'], { cwd });
    const result = await exited;
    expect(result.code, result.stderr).toBe(0);
    // It waited for the budget instead of leaving when the queue was empty, and let the command finish.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
    expect(history(cwd)).toMatchObject([{ id: 1, task: 'long', outcome: 'success' }]);
    expect(blocks(cwd)).toMatchObject([{ id: 2, status: 'pending', last_error: null }]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('exits promptly with %s while idle (%i), nothing left running', async (signal, code) => {
    const cwd = tempDir();
    ok(['add', 'first'], { cwd });
    const worker = startCli(['execute', '--wait', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    // The first block done means the worker is now waiting on an empty queue.
    await until(() => history(cwd).length === 1, 20_000);
    await sleep(300);
    const signalled = Date.now();
    worker.kill(signal);
    const result = await exited;
    expect(result.code, result.stderr).toBe(code);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(blocks(cwd)).toEqual([]);
  });

  it('on SIGTERM stops a running command and returns its block to pending, as execute always has', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'pid');
    const worker = startCli(['execute', '--wait', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    ok(['add', 'long', '--cmd', `echo $$ > ${pidFile}; sleep 600`], { cwd });
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 20_000);
    const commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
    worker.kill('SIGTERM');
    const result = await exited;
    expect(result.code, result.stderr).toBe(143);
    await until(() => !alive(commandPid), 5000).catch(() => undefined);
    expect(alive(commandPid)).toBe(false);
    const [b] = blocks(cwd);
    expect(b).toMatchObject({ id: 1, status: 'pending' });
    expect(b.last_error).toContain('interrupted');
  });

  it('waits cheaply: a block its logger refused is set aside, not a reason to spin', async () => {
    const cwd = tempDir();
    ok(['add', 'refused'], { cwd });
    const worker = startCli(['execute', '--wait', '--max-time', '5s', '--logger', 'argv:false'], { cwd });
    const exited = waitExit(worker);
    await until(() => blocks(cwd).some((b) => b.last_error !== null), 20_000);
    const before = cpuMs(worker.pid!);
    await sleep(3000);
    const idle = cpuMs(worker.pid!) - before;
    const result = await exited;
    // One delivery failed, so the run failed; it stayed pending with its outcome, delivered later.
    expect(result.code, result.stderr).toBe(1);
    expect(blocks(cwd)).toMatchObject([{ id: 1, status: 'pending' }]);
    // Measured idle: 0 ms of CPU in 3 s; a loop that woke for the set-aside block burned over 1.5 s.
    expect(idle).toBeLessThan(300);
  });

  // The tick is a real minute: this test waits for one.
  it('once a minute recovers a dead executor\'s block and retries a refused delivery', { timeout: 180_000 }, async () => {
    const cwd = tempDir();
    const ran = path.join(cwd, 'ran');
    const accept = path.join(cwd, 'accept');
    // The first run is killed with its executor; the second ends at once.
    ok(['add', 'long', '--cmd', `if [ -e ${ran} ]; then exit 0; fi; touch ${ran}; sleep 600`], { cwd });
    const doomed = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const doomedExit = waitExit(doomed);
    await until(() => fs.existsSync(ran), 20_000);
    // Refuses the first delivery it sees, accepts the rest.
    const logger = `argv:sh -c "test -e ${accept} || { touch ${accept}; exit 1; }"`;
    const worker = startCli(['execute', '--wait', '--logger', logger], { cwd });
    const exited = waitExit(worker);
    ok(['add', 'refused once'], { cwd });
    await until(() => fs.existsSync(accept), 20_000);
    doomed.kill('SIGKILL');
    await doomedExit;
    const killed = Date.now();
    await until(() => history(cwd).length === 2, 120_000);
    expect(Date.now() - killed).toBeLessThan(100_000);
    worker.kill('SIGTERM');
    const result = await exited;
    expect(result.code, result.stderr).toBe(143);
    expect(result.stderr).toMatch(/recovered 1 block\(s\) from a dead executor: #1/);
    expect(history(cwd).map((h) => [h.task, h.outcome]).sort()).toEqual([['long', 'success'], ['refused once', 'success']]);
  });

  it('runs a retry when it comes due instead of exiting', async () => {
    const cwd = tempDir();
    const count = path.join(cwd, 'count');
    // Fails the first time, succeeds the second.
    ok(['add', 'flaky', '--retries', '1', '--retry-delay', '2s', '--cmd', `if [ -e ${count} ]; then exit 0; fi; touch ${count}; exit 1`], { cwd });
    const worker = startCli(['execute', '--wait', '--max-time', '60s', '--logger', 'none'], { cwd });
    const exited = waitExit(worker);
    await until(() => history(cwd).length === 1, 30_000);
    worker.kill('SIGTERM');
    await exited;
    expect(history(cwd)).toMatchObject([{ task: 'flaky', outcome: 'success' }]);
  });

  it('queues a schedule --every occurrence while waiting, each slot once with two workers', async () => {
    const cwd = tempDir();
    const ticks = path.join(cwd, 'ticks');
    const EVERY = 2000;
    const from = Date.now();
    ok(['schedule', 'add', 'tick', '--every', '2s', '--cmd', `echo tick >> ${ticks}`], { cwd });
    const workers = ['host-a', 'host-b'].map((host) => waitExit(startCli(['execute', '--wait', '--max-time', '9s', '--logger', 'none'], { cwd, env: { WORKBLOCK_HOST_ID: host } })));
    const results = await Promise.all(workers);
    const to = Date.now();
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // Slots fall on multiples of 2 s: at most one block for each slot that fell while they ran.
    const slots = Math.floor(to / EVERY) - Math.floor(from / EVERY);
    const ran = history(cwd).filter((h) => h.task === 'tick');
    expect(ran.length).toBeGreaterThanOrEqual(2);
    expect(ran.length).toBeLessThanOrEqual(slots);
    expect(new Set(ran.map((h) => h.id)).size).toBe(ran.length);
    expect(ran.every((h) => h.outcome === 'success')).toBe(true);
    expect(fs.readFileSync(ticks, 'utf8').trim().split('\n')).toHaveLength(ran.length);
    expect(results.map((r) => r.stderr).join('')).toMatch(/queued 1 scheduled block\(s\)/);
  });
});
