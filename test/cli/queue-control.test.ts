import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, until } from '../helpers/processes.js';

/** Ended: no such process, or a zombie waiting for a reaper that is not ours. */
function gone(pid: number): boolean {
  if (!alive(pid)) return true;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

function statusOf(cwd: string, id: number): string | undefined {
  const rows = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Array<{ id: number; status: string; last_error: string | null }>;
  return rows.find((r) => r.id === id)?.status;
}

function lastError(cwd: string, id: number): string | null | undefined {
  const rows = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Array<{ id: number; last_error: string | null }>;
  return rows.find((r) => r.id === id)?.last_error;
}

describe('edit', () => {
  it('changes fields, command, priority, tags, timeout, retries and dependencies of a queued block', async () => {
    const cwd = tempDir();
    ok(['add', 'first', '--name', 'first'], { cwd });
    ok(['add', 'second', '--cmd', 'echo old'], { cwd });
    const r = cli(['edit', '2', '--task', 'renamed', '--cmd', 'echo new', '--priority', 'high', '--tag', 'a', '--tag', 'b', '--timeout', '30s', '--retries', '2', '--after', 'first'], { cwd });
    expect(r.code).toBe(0);
    const shown = JSON.parse(ok(['show', '2', '--json'], { cwd }));
    expect(shown).toMatchObject({ task: 'renamed', command: 'echo new', priority: 10, tags: ['a', 'b'], depends_on: [1] });
    expect(await queryRows(cwd, 'select timeout_ms, max_retries from blocks where id = 2')).toEqual([{ timeout_ms: 30_000, max_retries: 2 }]);
    ok(['edit', '2', '--clear-deps'], { cwd });
    expect(JSON.parse(ok(['show', '2', '--json'], { cwd })).depends_on).toEqual([]);
  });

  it('changes the text fields, name and retry delay of a queued block', () => {
    const cwd = tempDir();
    ok(['add', 'plain'], { cwd });
    ok(['edit', '1', '--result', 'R', '--insight', 'I', '--next-step', 'N', '--name', 'renamed', '--retry-delay', '5s'], { cwd });
    expect(JSON.parse(ok(['show', 'renamed', '--json'], { cwd }))).toMatchObject({ id: 1, result: 'R', insight: 'I', next_step: 'N', retry_delay_ms: 5000 });
  });

  it('refuses a dependency cycle and bad input with exit 2, changing nothing', () => {
    const cwd = tempDir();
    ok(['add', 'a', '--name', 'a'], { cwd });
    ok(['add', 'b', '--name', 'b', '--after', 'a'], { cwd });
    const before = ok(['show', 'a', '--json'], { cwd });
    const cycle = cli(['edit', 'a', '--after', 'b'], { cwd });
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain('cycle');
    expect(cli(['edit', 'a', '--priority', 'urgent'], { cwd }).code).toBe(2);
    expect(cli(['edit', 'a'], { cwd }).stderr).toContain('nothing to change');
    expect(cli(['edit', '99', '--task', 'x'], { cwd }).code).toBe(2);
    expect(ok(['show', 'a', '--json'], { cwd })).toBe(before);
  });

  it('refuses to edit a running block', async () => {
    const cwd = tempDir();
    ok(['add', 'long', '--cmd', 'sleep 30'], { cwd });
    const exec = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => statusOf(cwd, 1) === 'running');
    const r = cli(['edit', '1', '--priority', '5'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is running');
    ok(['kill', '1'], { cwd });
    await done;
  });
});

describe('kill', () => {
  it('stops a running command and its children; the block is recorded failed and its retries unused', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'child.pid');
    ok(['add', 'long', '--cmd', `sleep 300 & echo $! > ${pidFile}; wait`, '--retries', '3'], { cwd });
    ok(['add', 'after', '--after', '1'], { cwd });
    const exec = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    const r = cli(['kill', '1'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('now failed');
    await until(() => gone(grandchild), 5000);
    const ended = await done;
    expect(ended.code).toBe(1);
    expect(statusOf(cwd, 1)).toBe('failed');
    expect(lastError(cwd, 1)).toContain('workblock kill');
    expect(statusOf(cwd, 2)).toBe('blocked');
  });

  it('with --requeue puts the block back to pending', async () => {
    const cwd = tempDir();
    ok(['add', 'long', '--cmd', 'sleep 300'], { cwd });
    const exec = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => statusOf(cwd, 1) === 'running');
    const r = cli(['kill', '1', '--requeue'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('now pending');
    expect((await done).code).toBe(0);
    expect(statusOf(cwd, 1)).toBe('pending');
    expect(lastError(cwd, 1)).toContain('kill --requeue');
  });

  it('sends SIGKILL after the grace period to a command that ignores SIGTERM', async () => {
    const cwd = tempDir();
    ok(['add', 'stubborn', '--cmd', "trap '' TERM; sleep 300"], { cwd });
    const exec = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => statusOf(cwd, 1) === 'running');
    const r = cli(['kill', '1'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '300' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('SIGKILL');
    expect((await done).code).toBe(1);
    expect(statusOf(cwd, 1)).toBe('failed');
  });

  it('refuses a block whose command has ended (its outcome is being delivered), and signals nothing', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'next.pid');
    ok(['add', 'quick', '--cmd', 'true'], { cwd });
    ok(['add', 'next', '--cmd', `echo $$ > ${pidFile}; exec sleep 300`], { cwd });
    // A slow logger holds block 1 between its recorded outcome and its settlement, while block 2's
    // command runs in the same spawner's process group that block 1's command ran in.
    const exec = startCli(['execute', '2', '--logger', 'exec:sleep 3'], { cwd });
    const done = waitExit(exec);
    await until(async () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '' && statusOf(cwd, 1) === 'running');
    const next = Number(fs.readFileSync(pidFile, 'utf8'));
    const r = cli(['kill', '1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has already ended');
    expect(gone(next)).toBe(false);
    ok(['kill', '2'], { cwd });
    await done;
  });

  it('refuses a block that is not running, and an unknown one, with exit 2', () => {
    const cwd = tempDir();
    ok(['add', 'waiting'], { cwd });
    const r = cli(['kill', '1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not running');
    expect(cli(['kill', '7'], { cwd }).code).toBe(2);
  });
});

describe('wait', () => {
  it('returns when the blocks finish, exit 0 when all succeeded and 1 when one failed', async () => {
    const cwd = tempDir();
    ok(['add', 'ok', '--cmd', 'sleep 0.3', '--tag', 't'], { cwd });
    ok(['add', 'bad', '--cmd', 'exit 4', '--tag', 't'], { cwd });
    const oneChild = startCli(['wait', '1'], { cwd });
    const tagChild = startCli(['wait', '--tag', 't'], { cwd });
    let said = '';
    [oneChild, tagChild].forEach((c) => c.stderr!.on('data', (d) => (said += d)));
    const waitOne = waitExit(oneChild);
    const waitTag = waitExit(tagChild);
    await until(() => said.split('waiting for').length === 3);
    expect(cli(['execute', '--logger', 'none'], { cwd }).code).toBe(1);
    const one = await waitOne;
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('#1 success\n');
    const tag = await waitTag;
    expect(tag.code).toBe(1);
    expect(tag.stdout).toContain('#2 failed');
  });

  it('gives up after --timeout with exit 1 naming what is unfinished', () => {
    const cwd = tempDir();
    ok(['add', 'never run'], { cwd });
    const r = cli(['wait', '1', '--timeout', '300ms'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('still unfinished: #1');
  });

  it('refuses an unknown id with exit 2', () => {
    const cwd = tempDir();
    expect(cli(['wait', '5'], { cwd }).code).toBe(2);
  });
});

describe('remove with dependents', () => {
  it('refuses to remove a block others wait on unless --cascade, which removes them too', () => {
    const cwd = tempDir();
    ok(['add', 'build', '--name', 'build'], { cwd });
    ok(['add', 'test', '--after', 'build'], { cwd });
    ok(['add', 'deploy', '--after', '2'], { cwd });
    ok(['add', 'unrelated'], { cwd });
    const refused = cli(['remove', 'build'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('#2, #3');
    expect(refused.stderr).toContain('--cascade');
    expect(ok(['list', '--count'], { cwd })).toBe('4\n');
    const r = cli(['remove', 'build', '--cascade'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('removed 3 block(s)');
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });
});

describe('retry --failed', () => {
  it('names the blocked dependents it released', () => {
    const cwd = tempDir();
    ok(['add', 'fails', '--cmd', 'exit 1'], { cwd });
    ok(['add', 'next', '--after', '1'], { cwd });
    ok(['add', 'later', '--after', '2'], { cwd });
    expect(cli(['execute', '--logger', 'none'], { cwd }).code).toBe(1);
    const r = cli(['retry', '--failed'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('re-queued 1 block(s): #1');
    expect(r.stderr).toContain('released 2 blocked dependent(s): #2, #3');
  });
});

describe('list', () => {
  it('counts the failed, blocked and running blocks on its first line instead of saying the queue is empty', () => {
    const cwd = tempDir();
    ok(['add', 'fails', '--cmd', 'exit 1'], { cwd });
    ok(['add', 'next', '--after', '1'], { cwd });
    cli(['execute', '--logger', 'none'], { cwd });
    const r = cli(['list'], { cwd });
    expect(r.stdout.split('\n')[0]).toBe('Pending work blocks: 0 (also 1 failed, 1 blocked: `workblock list --all`)');
    expect(r.stderr).not.toContain('Queue is empty');
    const empty = cli(['list'], { cwd: tempDir() });
    expect(empty.stdout).toBe('Pending work blocks: 0\n');
    expect(empty.stderr).toContain('Queue is empty');
  });
});

describe('list while a block runs', () => {
  it('counts the running block on its first line', async () => {
    const cwd = tempDir();
    ok(['add', 'long', '--cmd', 'sleep 300'], { cwd });
    ok(['add', 'next', '--after', '1'], { cwd });
    const exec = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => statusOf(cwd, 1) === 'running');
    const r = cli(['list'], { cwd });
    expect(r.stdout.split('\n')[0]).toBe('Pending work blocks: 1 (also 1 running: `workblock list --all`)');
    ok(['kill', '1', '--requeue'], { cwd });
    await done;
  });
});

describe('wait for several ids', () => {
  it('waits for every id given and exits 1 when any of them failed', () => {
    const cwd = tempDir();
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    ok(['add', 'bad', '--cmd', 'exit 5'], { cwd });
    ok(['add', 'later', '--cmd', 'true'], { cwd });
    expect(cli(['execute', '2', '--logger', 'none'], { cwd }).code).toBe(1);
    const r = cli(['wait', '1', '2'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('#1 success\n#2 failed\n');
    expect(ok(['wait', '1'], { cwd })).toBe('#1 success\n');
    const unfinished = cli(['wait', '1', '3', '--timeout', '300ms'], { cwd });
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toContain('still unfinished: #3');
  });
});

describe('kill without an executor', () => {
  it('says to recover when the executor that held the block is gone', async () => {
    const cwd = tempDir();
    ok(['add', 'long', '--cmd', 'sleep 300'], { cwd });
    const exec = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(exec);
    await until(() => statusOf(cwd, 1) === 'running');
    exec.kill('SIGKILL');
    await done;
    const r = cli(['kill', '1'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('workblock recover');
    ok(['recover'], { cwd });
    expect(statusOf(cwd, 1)).toBe('pending');
  });
});
