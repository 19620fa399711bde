import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, processGroupOf, until } from '../helpers/processes.js';

describe('recovery after kill -9', () => {
  it('kills the orphaned command and returns its block to pending', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'pid');
    ok(['add', 'long one', '--cmd', `echo $$ > ${pidFile}; sleep 1000`], { cwd });
    const executor = startCli(['execute', '1'], { cwd });
    const exited = waitExit(executor);
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    const commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
    // Wait until the executor has recorded the command's process group, then kill it.
    const group = processGroupOf(commandPid);
    expect(group).not.toBe(processGroupOf(executor.pid!)); // its own, away from the terminal's Ctrl-C
    await until(async () => (await queryRows<{ child_pid: number | null }>(cwd, 'select child_pid from blocks where id = 1'))[0].child_pid === group);
    executor.kill('SIGKILL');
    await exited;
    expect(alive(commandPid)).toBe(true);

    expect(ok(['recover'], { cwd })).toBe('1\n');
    await until(() => !alive(commandPid));
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(block).toMatchObject({ id: 1, status: 'pending', attempts: 1 });
    expect(block.last_error).toMatch(/recovered: executor pid \d+ .* is gone; killed its orphaned command/);
  });
});
