import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoggers } from '../../src/loggers/registry.js';
import { LOGGER_KILL_GRACE_MS } from '../../src/loggers/spawn-logger.js';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';

/** Live (not zombie) processes whose process group is `pgid`, from /proc. */
function liveMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const [state, , , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

/** Runs execute with a logger that writes its process group to `pg` and starts a `sleep 100` child. */
async function executeWithHangingLogger(cwd: string, script: string, kind: 'exec' | 'argv' = 'exec'): Promise<{ elapsed: number; pgid: number; code: number | null; stderr: string }> {
  ok(['add', 'hangs its logger', 'r', 'i', 'n'], { cwd });
  const started = Date.now();
  const run = await waitExit(startCli(['execute', '--logger', `${kind}:/bin/sh -c '${script}'`], { cwd, env: { WORKBLOCK_LOGGER_TIMEOUT_MS: '1000' } }));
  const elapsed = Date.now() - started;
  return { elapsed, pgid: Number(fs.readFileSync(path.join(cwd, 'pg'), 'utf8')), code: run.code, stderr: run.stderr };
}

describe('logger timeouts', () => {
  it('kills a hanging exec logger with its children at the timeout and keeps the block queued', async () => {
    const cwd = tempDir();
    const run = await executeWithHangingLogger(cwd, 'echo $$ > pg; sleep 100; true');
    expect(run.code).toBe(1);
    // timeout + grace, with room for a loaded machine's start-up; the bug kept execute alive 100 s.
    expect(run.elapsed).toBeLessThan(1000 + LOGGER_KILL_GRACE_MS + 6000);
    await until(() => liveMembers(run.pgid).length === 0, 3000);
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as { status: string; last_error: string }[];
    expect(block.status).toBe('pending');
    expect(block.last_error).toBe("logger exec:/bin/sh failed: logger exec:/bin/sh timed out after 1 s");
  });

  it('kills a hanging argv logger with its children at the timeout and keeps the block queued', async () => {
    const cwd = tempDir();
    // (argv: appends the four fields as arguments, which `sh -c` takes as $0..$3 and ignores)
    const run = await executeWithHangingLogger(cwd, 'echo $$ > pg; ps -o pgid= -p $$ > group; sleep 100; true', 'argv');
    expect(run.code).toBe(1);
    // It leads a process group of its own, which is what the timeout kills.
    expect(Number(fs.readFileSync(path.join(cwd, 'group'), 'utf8'))).toBe(run.pgid);
    expect(run.elapsed).toBeLessThan(1000 + LOGGER_KILL_GRACE_MS + 6000);
    await until(() => liveMembers(run.pgid).length === 0, 3000);
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as { status: string; last_error: string }[];
    expect(block).toMatchObject({ status: 'pending', last_error: 'logger argv:/bin/sh failed: logger argv:/bin/sh timed out after 1 s' });
  });

  it('leaves no process of a logger that ignores SIGTERM once execute has exited', async () => {
    const cwd = tempDir();
    const run = await executeWithHangingLogger(cwd, 'trap "" TERM; echo $$ > pg; sleep 100 & wait; sleep 100');
    expect(run.code).toBe(1);
    expect(run.elapsed).toBeLessThan(1000 + LOGGER_KILL_GRACE_MS + 6000);
    // Execute's exit kills the group; only the kernel's reaping may lag behind.
    await until(() => liveMembers(run.pgid).length === 0, 3000);
  });

  it('accepts a logger that exits 0 leaving a child behind, and kills that child when execute exits', async () => {
    const cwd = tempDir();
    ok(['add', 'leaves a child', 'r', 'i', 'n'], { cwd });
    const started = Date.now();
    const run = await waitExit(startCli(['execute', '--logger', `exec:/bin/sh -c 'echo $$ > pg; sleep 100 & exit 0'`], { cwd }));
    expect(run.code).toBe(0);
    // Well under the 30 s default timeout: the exit status decided, not the child holding stderr.
    expect(Date.now() - started).toBeLessThan(10_000);
    const pgid = Number(fs.readFileSync(path.join(cwd, 'pg'), 'utf8'));
    await until(() => liveMembers(pgid).length === 0, 3000);
    expect(JSON.parse(ok(['history', '--json'], { cwd }))).toMatchObject([{ outcome: 'success' }]);
  });

  it('runs an exec logger in a process group of its own', async () => {
    const cwd = tempDir();
    ok(['add', 'quick', 'r', 'i', 'n'], { cwd });
    const execute = startCli(['execute', '--logger', `exec:/bin/sh -c 'echo $$ > pg; ps -o pgid= -p $$ > group'`], { cwd });
    const run = await waitExit(execute);
    expect(run.code).toBe(0);
    const leader = Number(fs.readFileSync(path.join(cwd, 'pg'), 'utf8'));
    expect(Number(fs.readFileSync(path.join(cwd, 'group'), 'utf8'))).toBe(leader);
    expect(leader).not.toBe(execute.pid);
  });

  it('times out a module logger whose log() never settles, naming the timeout', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'never.mjs'), 'export default { name: "never", log: () => new Promise(() => {}) };\n');
    const [logger] = await createLoggers(['module:never.mjs'], { cwd: dir, dataDir: dir, timeoutMs: 300 });
    const started = Date.now();
    await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext())).rejects.toThrow('logger never timed out after 300 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('keeps a block queued when its module logger times out in execute', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'never.mjs'), 'export default { log: () => new Promise(() => {}) };\n');
    ok(['add', 'slow receiver', 'r', 'i', 'n'], { cwd });
    const run = cli(['execute', '--logger', 'module:never.mjs'], { cwd, env: { WORKBLOCK_LOGGER_TIMEOUT_MS: '500' } });
    expect(run.code).toBe(1);
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as { status: string; last_error: string }[];
    expect(block).toMatchObject({ status: 'pending', last_error: 'logger module:never.mjs failed: logger module:never.mjs timed out after 500 ms' });
  });

  it('refuses a WORKBLOCK_LOGGER_TIMEOUT_MS that is not a number of milliseconds, with exit 2', () => {
    const cwd = tempDir();
    ok(['add', 'x', 'r', 'i', 'n'], { cwd });
    for (const bad of ['30s', '0', '-5', '2147483648']) {
      const run = cli(['execute', '--logger', 'jsonl'], { cwd, env: { WORKBLOCK_LOGGER_TIMEOUT_MS: bad } });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`WORKBLOCK_LOGGER_TIMEOUT_MS=${bad} is not a timeout`);
    }
    expect(JSON.parse(ok(['list', '--json'], { cwd }))).toMatchObject([{ status: 'pending', attempts: 0 }]);
  });
});
