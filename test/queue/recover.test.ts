import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, processGroupOf, until } from '../helpers/processes.js';

/**
 * Block 1's command left running by an executor killed with -9, once the executor had recorded the
 * command's process group: the command's pid, its group, and the group the executor was in.
 */
async function orphanedCommand(cwd: string): Promise<{ commandPid: number; group: number; executorGroup: number }> {
  const pidFile = path.join(cwd, 'pid');
  ok(['add', 'long one', '--cmd', `echo $$ > ${pidFile}; sleep 1000`], { cwd });
  const executor = startCli(['execute', '1'], { cwd });
  const exited = waitExit(executor);
  await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
  const commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
  const group = processGroupOf(commandPid);
  const executorGroup = processGroupOf(executor.pid!);
  await until(async () => (await queryRows<{ child_pid: number | null }>(cwd, 'select child_pid from blocks where id = 1'))[0].child_pid === group);
  executor.kill('SIGKILL');
  await exited;
  return { commandPid, group, executorGroup };
}

describe('recovery after kill -9', () => {
  it('kills the orphaned command and returns its block to pending', async () => {
    const cwd = tempDir();
    const { commandPid, group, executorGroup } = await orphanedCommand(cwd);
    expect(group).not.toBe(executorGroup); // its own, away from the terminal's Ctrl-C
    expect(alive(commandPid)).toBe(true);

    expect(ok(['recover'], { cwd })).toBe('1\n');
    await until(() => !alive(commandPid));
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(block).toMatchObject({ id: 1, status: 'pending', attempts: 1 });
    expect(block.last_error).toMatch(/recovered: executor pid \d+ .* is gone; killed its orphaned command/);
  });
});

describe('recovery never signals a process group that is not its command', () => {
  it('leaves alone a group whose number was reused since (after a reboot, say)', async () => {
    const cwd = tempDir();
    const { group } = await orphanedCommand(cwd);
    process.kill(-group, 'SIGKILL'); // the command is gone (a reboot), and its group's number is free
    await until(() => !alive(group));
    // Someone else's process group now has the number recorded for the block.
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await queryRows(cwd, `update blocks set child_pid = ${stranger.pid} where id = 1`);
      expect(ok(['recover'], { cwd })).toBe('1\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(alive(stranger.pid!)).toBe(true);
      const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
      expect(block).toMatchObject({ id: 1, status: 'pending' });
      expect(block.last_error).not.toMatch(/killed/);
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('still kills the orphaned command when its spawner was killed with the executor', async () => {
    const cwd = tempDir();
    const { commandPid, group } = await orphanedCommand(cwd);
    process.kill(group, 'SIGKILL'); // the spawner leading the group, not the group
    await until(() => !alive(group));
    expect(alive(commandPid)).toBe(true);
    expect(ok(['recover'], { cwd })).toBe('1\n');
    await until(() => !alive(commandPid));
    expect(JSON.parse(ok(['list', '--all', '--json'], { cwd }))[0].last_error).toMatch(/killed its orphaned command/);
  });

  it('kills the orphan of a spawner an earlier version started (its $0 was workblock-spawner)', async () => {
    const cwd = tempDir();
    const { group } = await orphanedCommand(cwd);
    process.kill(-group, 'SIGKILL');
    await until(() => !alive(group));
    const [{ lease_pid }] = await queryRows<{ lease_pid: number }>(cwd, 'select lease_pid from blocks where id = 1');
    // Its shell as the earlier spawners ran it: -c SCRIPT workblock-spawner LOGS TOKENS EXECUTOR_PID.
    const earlier = spawn('/bin/sh', ['-c', 'sleep 30; :', 'workblock-spawner', 'logs', 'tokens', String(lease_pid)], { detached: true, stdio: 'ignore' });
    try {
      await queryRows(cwd, `update blocks set child_pid = ${earlier.pid} where id = 1`);
      expect(ok(['recover'], { cwd })).toBe('1\n');
      await until(() => !alive(earlier.pid!));
      expect(JSON.parse(ok(['list', '--all', '--json'], { cwd }))[0].last_error).toMatch(/killed its orphaned command/);
    } finally {
      if (alive(earlier.pid!)) process.kill(-earlier.pid!, 'SIGKILL');
    }
  });
});
