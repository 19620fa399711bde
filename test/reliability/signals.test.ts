import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, dbPath, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { alive, until } from '../helpers/processes.js';
import { onPostgres } from '../helpers/backend.js';
import { queryRows } from '../helpers/db.js';

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a long command', (signal, code) => {
  it(`stops the command, returns its block to pending and exits ${code}`, async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'pid');
    ok(['add', 'long', '--cmd', `echo $$ > ${pidFile}; sleep 600`], { cwd });
    ok(['add', 'next'], { cwd });
    const executor = startCli(['execute', '5', '--logger', 'none'], { cwd });
    const exited = waitExit(executor);
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    const commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
    executor.kill(signal);
    const result = await exited;
    expect(result.code, result.stderr).toBe(code);
    await until(() => !alive(commandPid), 2000).catch(() => undefined);
    expect(alive(commandPid), result.stderr).toBe(false);

    if (!onPostgres) {
      // The database was closed cleanly: no WAL left behind (checked before this test opens it).
      expect(fs.existsSync(`${dbPath(cwd)}-wal`)).toBe(false);
      const db = new Database(dbPath(cwd), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    const rows = await queryRows<{ id: number; status: string; last_error: string }>(cwd, 'select id, status, last_error from blocks order by id');
    expect(rows[0]).toMatchObject({ id: 1, status: 'pending' });
    expect(rows[0].last_error).toContain('interrupted');
    // The no-command block claimed ahead went back too, or completed: never lost, never running.
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
  });
});

describe('pause and resume', () => {
  it('claims nothing while paused, says so, and exits 0', () => {
    const cwd = tempDir();
    ok(['add', 'waiting'], { cwd });
    ok(['pause'], { cwd });
    const r = cli(['execute', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('queue is paused');
    expect(JSON.parse(r.stdout).executed).toBe(0);
    ok(['pause', '--tag', 'deploy'], { cwd });
    ok(['resume'], { cwd });
    ok(['add', 'ship it', '--tag', 'deploy'], { cwd });
    ok(['pause', '--tag', 'deploy'], { cwd });
    const partial = JSON.parse(ok(['execute', '--json', '--logger', 'none'], { cwd }));
    expect(partial.blocks.map((b: { task: string }) => b.task)).toEqual(['waiting']);
    ok(['resume', '--tag', 'deploy'], { cwd });
    expect(JSON.parse(ok(['execute', '--json', '--logger', 'none'], { cwd })).blocks[0].task).toBe('ship it');
  });
});
