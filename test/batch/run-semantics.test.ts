import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/backend.js';
import { cli, ok, ROOT, tempDir } from '../helpers/cli.js';
import { queueCreated, queryRows } from '../helpers/db.js';

const SEEDS = path.join(ROOT, 'test', 'fixtures', 'seeds');
const order = (cwd: string) => fs.readFileSync(path.join(cwd, 'order.txt'), 'utf8').trim().split('\n');
const seed = (cwd: string, name: string) => fs.copyFileSync(path.join(SEEDS, name), path.join(cwd, name));

describe('batch runs as the seed systems use them', () => {
  it('runs a parallel phase in parallel without -c (config concurrency), sequential phases one by one (seed 001 phases)', () => {
    const cwd = tempDir();
    seed(cwd, 'seed001-phases.json');
    ok(['config', 'set', 'concurrency', '2'], { cwd });
    // left and right each wait for the other to start: run one at a time, both would give up and fail.
    const r = cli(['run', 'seed001-phases.json', '--json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, executed: 5, name: 'sparc' });
    const seen = order(cwd);
    expect(seen.slice(0, 2)).toEqual(['spec', 'pseudocode']);
    expect(seen.slice(2, 4).sort()).toEqual(['left', 'right']);
    expect(seen[4]).toBe('done');
  });

  it.runIf(os.availableParallelism() >= 2)('defaults to the number of cores for run', () => {
    const cwd = tempDir();
    seed(cwd, 'seed001-phases.json');
    const r = cli(['run', 'seed001-phases.json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`up to ${os.availableParallelism()} at once`);
  });

  it('runs a sequential phase and --sequential one at a time even with room for more: a slow first command still finishes first', () => {
    const cwd = tempDir();
    // Run side by side, "fast" would be written before "slow"; only one at a time gives this order.
    const slowFirst = [{ name: 'slow', command: 'sleep 1; echo slow >> order.txt' }, { name: 'fast', command: 'echo fast >> order.txt' }];
    fs.writeFileSync(path.join(cwd, 'seq.json'), JSON.stringify({ phases: [{ name: 'one by one', mode: 'sequential', commands: slowFirst }] }));
    ok(['run', 'seq.json', '-c', '2', '--logger', 'none'], { cwd });
    expect(order(cwd)).toEqual(['slow', 'fast']);
    fs.rmSync(path.join(cwd, 'order.txt'));
    ok(['run', '--sequential', 'sleep 1; echo slow >> order.txt', 'echo fast >> order.txt', '-c', '2', '--logger', 'none'], { cwd });
    expect(order(cwd)).toEqual(['slow', 'fast']);
    // The control: the same two commands with --parallel do overlap, so the order above is not luck.
    fs.rmSync(path.join(cwd, 'order.txt'));
    ok(['run', '--parallel', 'sleep 1; echo slow >> order.txt', 'echo fast >> order.txt', '-c', '2', '--logger', 'none'], { cwd });
    expect(order(cwd)).toEqual(['fast', 'slow']);
  });

  it('runs seed 001 task strings with depends=a,b', () => {
    const cwd = tempDir();
    const tasks = fs.readFileSync(path.join(SEEDS, 'seed001-tasks.txt'), 'utf8').trim().split('\n');
    ok(['run', ...tasks.flatMap((t) => ['--task', t]), '--logger', 'none', '-c', '2'], { cwd });
    const seen = order(cwd);
    expect(seen[0]).toBe('fetch');
    expect(seen.slice(1, 3).sort()).toEqual(['build', 'lint']);
    expect(seen[3]).toBe('package');
  });

  it('keeps seed 000\'s result keys, honours abort_on_failure from the file, and counts what did not run apart', () => {
    const cwd = tempDir();
    seed(cwd, 'seed000-batch.json');
    const r = cli(['run', 'seed000-batch.json', '-c', '1', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ success: false, executed: 2, successful: 1, failed: 1, blocked: 0, not_run: 1, name: 'nightly checks' });
    expect(typeof s.duration).toBe('number');
    expect(s.run_id).toMatch(/^[0-9a-f]{8}$/);
    expect(order(cwd)).toEqual(['prepare', 'broken']);
    expect(r.stderr).toMatch(/not run \(a command failed and abort on failure is on; still queued\): #3 report/);
  });

  it('accepts --abort-on-failure on the command line', () => {
    const cwd = tempDir();
    const r = cli(['run', '--task', 'a:exit 1', '--task', 'b:echo b >> order.txt', '-c', '1', '--abort-on-failure', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ executed: 1, failed: 1, not_run: 1 });
    expect(fs.existsSync(path.join(cwd, 'order.txt'))).toBe(false);
  });

  it('runs priority groups as barriers, group 1 first (seed 003)', () => {
    const cwd = tempDir();
    seed(cwd, 'seed003-priority.json');
    const r = cli(['run', 'seed003-priority.json', '-c', '2', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const seen = order(cwd);
    expect(seen.slice(0, 2).sort()).toEqual(['first-a', 'first-b']); // first-a sleeps, yet late-* wait for it
    expect(seen.slice(2, 4).sort()).toEqual(['late-a', 'late-b']);
    expect(seen[4]).toBe('last');
  });

  it('runs --parallel and --sequential shorthand commands', () => {
    const cwd = tempDir();
    ok(['run', '--sequential', 'echo one >> order.txt', 'echo two >> order.txt', 'echo three >> order.txt', '-c', '3', '--logger', 'none'], { cwd });
    expect(order(cwd)).toEqual(['one', 'two', 'three']);
    const both = 'touch $N.ready; i=0; until [ -e $O.ready ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done; test -e $O.ready';
    const r = cli(['run', '--parallel', both.replace(/\$N/g, 'p').replace(/\$O/g, 'q'), both.replace(/\$N/g, 'q').replace(/\$O/g, 'p'), '-c', '2', '--json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).successful).toBe(2);
    expect(cli(['run', '--parallel'], { cwd }).code).toBe(2);
  });

  it('runs commands named true and false after --parallel and --sequential, also behind another boolean flag', () => {
    // yargs reads a `true` or `false` after a boolean flag as its value: `run --parallel true false` ran `false` alone.
    const cwd = tempDir();
    const summary = (args: string[]) => JSON.parse(cli(['run', ...args, '--logger', 'none'], { cwd }).stdout) as { successful: number; failed: number };
    expect(summary(['--parallel', 'true', 'false', '--json'])).toMatchObject({ successful: 1, failed: 1 });
    expect(summary(['--sequential', '--json', 'true', 'true'])).toMatchObject({ successful: 2, failed: 0 });
    expect(summary(['--parallel', '-v', 'false', '--json', '--abort-on-failure', 'true'])).toMatchObject({ successful: 1, failed: 1 });
    // Written with a value, a boolean flag still takes it.
    const plain = cli(['run', '--parallel', 'true', '--json=false', '--logger', 'none'], { cwd });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('{');
  });

  it('keeps names on blocks and history, scoped to their run, and shows one run with --run', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'b.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'twice', commands: [{ name: 'tests', command: 'echo checking; echo FAIL here >&2; exit 1' }, { name: 'ok', command: 'echo fine' }] }));
    const first = JSON.parse(cli(['run', 'b.json', '--json', '--logger', 'none'], { cwd }).stdout);
    const second = JSON.parse(cli(['run', 'b.json', '--json', '--logger', 'none'], { cwd }).stdout);
    expect(first.run_id).not.toBe(second.run_id);
    expect(second.blocks.map((b: { name: string }) => b.name).sort()).toEqual(['ok', 'tests']);
    // Both runs left a failed "tests": the name resolves to the latest run's.
    expect(JSON.parse(ok(['show', 'tests', '--json'], { cwd })).id).toBe(3);
    const history = JSON.parse(ok(['history', '--run', first.run_id, '--json'], { cwd })) as Array<{ name: string }>;
    expect(history.map((h) => h.name).sort()).toEqual(['ok', 'tests']);
    expect(ok(['list', '--run', second.run_id, '--count'], { cwd })).toBe('1\n');
    const status = ok(['status', '--run', first.run_id], { cwd });
    expect(status).toContain(`run ${first.run_id} (twice) from b.json`);
    expect(status).toContain('queued: failed 1');
    expect(status).toContain('finished: failed 1, success 1');
    const logs = ok(['logs', '--run', first.run_id, '--filter', '^(FAIL|fine)'], { cwd });
    expect(logs).toBe('==> #1 <==\nFAIL here\n==> #2 <==\nfine\n');
    expect(cli(['status', '--run', 'nope'], { cwd }).code).toBe(2);
    expect(cli(['retry', 'tests'], { cwd }).stderr).toContain('#3');
    // A finished batch command is found by its name in history.
    expect(JSON.parse(ok(['show', 'ok', '--json'], { cwd }))).toMatchObject({ name: 'ok', outcome: 'success' });
  });

  it('exits 1 on a paused queue and names what did not run', () => {
    const cwd = tempDir();
    ok(['pause'], { cwd });
    const r = cli(['run', '--task', 'build:true', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not run \(the queue or a tag is paused; still queued\): #1 build/);
  });
});

describe('config defaults', () => {
  it('sets concurrency, retries, retry_delay and timeout used by add, and lists defaults', async () => {
    const cwd = tempDir();
    expect(ok(['config', 'get', 'n'], { cwd })).toBe('5\n');
    ok(['config', 'set', 'retries', '2'], { cwd });
    ok(['config', 'set', 'retry_delay', '3s'], { cwd });
    ok(['config', 'set', 'timeout', '10m'], { cwd });
    ok(['add', 'cmd', '--cmd', 'true'], { cwd });
    ok(['add', 'own', '--cmd', 'true', '--retries', '0', '--timeout', '5s'], { cwd });
    expect(await queryRows(cwd, 'select max_retries, retry_delay_ms, timeout_ms from blocks order by id')).toEqual([
      { max_retries: 2, retry_delay_ms: 3000, timeout_ms: 600_000 },
      { max_retries: 0, retry_delay_ms: 3000, timeout_ms: 5000 },
    ]);
    ok(['config', 'set', 'loggers', 'webhook:https://example.com/hook?token=abc123&x=1', 'markdown'], { cwd });
    const list = ok(['config', 'list'], { cwd });
    expect(list).toMatch(/^loggers +webhook:https:\/\/example\.com\/hook\?token=\*\*\*&x=1 markdown +set$/m);
    expect(list).not.toContain('abc123');
    expect(list).toMatch(/^n +5 +default$/m);
    expect(list).toMatch(/^concurrency +1 for execute/m);
    expect(list).toMatch(/^retries +2 +set$/m);
    expect(cli(['config', 'set', 'timeout', '10'], { cwd }).code).toBe(2);
    expect(cli(['config', 'set', 'concurrency', '0'], { cwd }).code).toBe(2);
  });

  it('run takes retries, retry_delay and timeout from config for its commands', () => {
    const cwd = tempDir();
    ok(['config', 'set', 'timeout', '1s'], { cwd });
    ok(['config', 'set', 'retries', '1'], { cwd });
    ok(['config', 'set', 'retry_delay', '10ms'], { cwd });
    const r = cli(['run', '--task', 'slow:sleep 30', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).blocks[0]).toMatchObject({ name: 'slow', status: 'failed', timed_out: true });
    const [entry] = JSON.parse(ok(['history', '--json'], { cwd })) as Array<{ attempts: number }>;
    expect(entry.attempts).toBe(2);
  });

  it('run --dry-run states the concurrency the run would use: the flag, then config, and creates no queue', () => {
    const cwd = tempDir();
    const fresh = ok(['run', '--parallel', 'echo a', 'echo b', '--dry-run'], { cwd });
    expect(fresh).toContain(`concurrency ${os.availableParallelism()})`);
    // A PostgreSQL queue is named by its URL, so the dry run opens it to read config; a SQLite one may not exist yet.
    if (!onPostgres) expect(queueCreated(cwd)).toBe(false);
    ok(['config', 'set', 'concurrency', '1'], { cwd });
    const plan = ok(['run', '--parallel', 'echo a', 'echo b', '--dry-run'], { cwd });
    expect(plan).toContain('concurrency 1)');
    expect(ok(['run', '--parallel', 'echo a', 'echo b', '--dry-run', '-c', '2'], { cwd })).toContain('concurrency 2)');
    expect(cli(['run', '--parallel', 'echo a', 'echo b', '--logger', 'none'], { cwd }).stderr).toContain('up to 1 at once');
  });

  it('add --help says where the retries, retry delay and timeout defaults come from', () => {
    const help = ok(['add', '--help'], { cwd: tempDir() }).replace(/\s+/g, ' ');
    expect(help).toContain('(default: config retries, else 0)');
    expect(help).toContain('(default: config retry_delay, else 1s)');
    expect(help).toContain('(default: config timeout, else none)');
  });

  it('execute takes its concurrency from config', () => {
    const cwd = tempDir();
    const both = (n: string, o: string) => `touch ${n}.ready; i=0; until [ -e ${o}.ready ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done; test -e ${o}.ready`;
    ok(['add', 'p', '--cmd', both('p', 'q')], { cwd });
    ok(['add', 'q', '--cmd', both('q', 'p')], { cwd });
    ok(['config', 'set', 'concurrency', '2'], { cwd });
    const r = cli(['execute', '--json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).successful).toBe(2);
  });
});

describe('run on a paused tag', () => {
  it('exits 1 and names the commands of the paused tag that did not run', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'b.json'), JSON.stringify({ commands: [{ name: 'free', command: 'true' }, { name: 'deploy', command: 'true', tags: ['deploy'] }] }));
    ok(['pause', '--tag', 'deploy'], { cwd });
    const r = cli(['run', 'b.json', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ executed: 1, successful: 1, not_run: 1 });
    expect(r.stderr).toMatch(/not run \(the queue or a tag is paused; still queued\): #2 deploy/);
  });
});

describe('wait --run', () => {
  it('waits for the blocks a run left queued and exits 1 when one failed; an unknown run exits 2', () => {
    const cwd = tempDir();
    ok(['pause'], { cwd });
    const run = cli(['run', '--task', 'bad:exit 2', '--json', '--logger', 'none'], { cwd });
    const id = JSON.parse(run.stdout).run_id;
    ok(['resume'], { cwd });
    expect(cli(['execute', '--logger', 'none'], { cwd }).code).toBe(1);
    const r = cli(['wait', '--run', id], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('#1 failed\n');
    expect(cli(['wait', '--run', 'nope'], { cwd }).code).toBe(2);
  });
});
