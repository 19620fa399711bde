import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayLocation } from '../../src/db/location.js';
import { databaseFor, onPostgres } from '../helpers/backend.js';
import { BIN, cli, cliEnv, ok, tempDir } from '../helpers/cli.js';
import { queueCreated } from '../helpers/db.js';

describe('execute for cron and heartbeats', () => {
  it('--quiet prints nothing for a no-op or a success, and the summary when something failed', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const noop = cli(['execute', '--if-pending', '5', '--quiet'], { cwd });
    expect(noop).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const fine = cli(['execute', '--quiet', '--logger', 'none'], { cwd });
    expect(fine).toMatchObject({ code: 0, stdout: '', stderr: '' });
    ok(['add', 'broken', '--cmd', 'exit 3'], { cwd });
    const failed = cli(['execute', '--quiet', '--logger', 'none'], { cwd });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('Executed 1: 0 succeeded, 1 failed');
  });

  it('--json prints a summary object for a no-op, with executed 0 and the reason', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const r = cli(['execute', '--if-pending', '3', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ success: true, executed: 0, successful: 0, failed: 0, duration: 0, duration_ms: 0, blocks: [], interrupted: 0, skipped: '1 pending, fewer than 3: nothing to do' });
  });

  it('execute all and --until-empty run every ready block, past the default of 5', () => {
    const cwd = tempDir();
    for (let i = 0; i < 7; i++) ok(['add', `b${i}`], { cwd });
    expect(JSON.parse(ok(['execute', 'all', '--json', '--logger', 'none'], { cwd })).executed).toBe(7);
    for (let i = 0; i < 6; i++) ok(['add', `c${i}`], { cwd });
    expect(JSON.parse(ok(['execute', '--until-empty', '--json', '--logger', 'none'], { cwd })).executed).toBe(6);
    expect(cli(['execute', '3', '--until-empty'], { cwd }).code).toBe(2);
  });

  it('--max-time starts nothing new once the budget is spent and lets the running command finish', () => {
    const cwd = tempDir();
    for (let i = 0; i < 3; i++) ok(['add', `slow${i}`, '--cmd', 'sleep 2'], { cwd });
    const r = cli(['execute', 'all', '--max-time', '1s', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.executed).toBe(1);
    expect(summary.blocks[0]).toMatchObject({ status: 'success' });
    const left = JSON.parse(ok(['list', '--json'], { cwd })) as Array<{ attempts: number; status: string }>;
    expect(left).toHaveLength(2);
    expect(left.every((b) => b.attempts === 0 && b.status === 'pending')).toBe(true);
    expect(cli(['execute', '--max-time', '10'], { cwd }).code).toBe(2);
  });

  it('--max-age runs despite --if-pending when the oldest pending block waited longer', async () => {
    const cwd = tempDir();
    ok(['add', 'lonely'], { cwd });
    const young = cli(['execute', '--if-pending', '5', '--max-age', '1h'], { cwd });
    expect(young.stderr).toMatch(/1 pending, fewer than 5, the oldest waiting .*: nothing to do/);
    await new Promise((r) => setTimeout(r, 1200)); // setup: let the block become older than 1 s
    const old = cli(['execute', '--if-pending', '5', '--max-age', '1s', '--json', '--logger', 'none'], { cwd });
    expect(JSON.parse(old.stdout).executed).toBe(1);
    expect(cli(['execute', '--max-age', '1s'], { cwd }).code).toBe(2);
  });
});

describe('cron print', () => {
  it('prints a crontab line and a systemd service and timer with cd and absolute paths', () => {
    const cwd = tempDir();
    const r = cli(['cron', 'print', '--every', '15m', '--if-pending', '5', '--max-age', '2h'], { cwd });
    expect(r.code).toBe(0);
    const real = fs.realpathSync(cwd);
    const url = databaseFor(cwd);
    const db = url ? withoutPassword(url) : path.join(real, 'data', 'workblocks.db');
    const command = `${process.execPath} ${BIN} execute 5 --quiet --db ${db} --if-pending 5 --max-age 2h`;
    expect(r.stdout).toContain(`*/15 * * * * cd ${real} && ${command}\n`);
    expect(r.stdout).toContain(`WorkingDirectory=${real}\nExecStart=${command}\n`);
    expect(r.stdout).toContain('OnUnitActiveSec=900s');
    expect(r.stdout).toContain('[Install]\nWantedBy=timers.target');
    expect(queueCreated(cwd)).toBe(false); // printing changes nothing
    expect(cli(['cron', 'print', '--every', '7m'], { cwd }).stdout).toContain('# (cron cannot say every 7m');
    expect(cli(['cron', 'print', '--every', '30'], { cwd }).code).toBe(2);
  });

  it.runIf(onPostgres)('leaves the PostgreSQL password out of the jobs it prints, which then log in with PGPASSWORD', () => {
    const cwd = tempDir();
    ok(['add', 'queued'], { cwd });
    const password = new URL(databaseFor(cwd)!).password;
    const out = ok(['cron', 'print', '--every', '15m'], { cwd });
    expect(out).not.toContain(password);
    expect(out).toMatch(/^# The PostgreSQL password is left out: give the job PGPASSWORD/);
    // The printed job, run as cron would (without the test's WORKBLOCK_DB): refused without the password, working with it.
    const args = /^\*\/15 \* \* \* \* cd \S+ && \S+ \S+ (.*)$/m.exec(out)![1].split(' ');
    const job = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, ...args], { cwd, env: cliEnv({ PGPASSFILE: path.join(cwd, 'no-pgpass'), ...env }), encoding: 'utf8' });
    const refused = job({});
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('refused the login');
    const ran = job({ PGPASSWORD: password });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });
});

/** The URL as cron print writes it: without the password. */
function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

describe('which database', () => {
  // Finding a database upward is SQLite's: a PostgreSQL queue is named by its URL, never found.
  it.skipIf(onPostgres)('finds data/workblocks.db in a parent directory, the way git finds .git', () => {
    const root = tempDir();
    ok(['add', 'in the project'], { cwd: root });
    const deep = path.join(root, 'src', 'deeper');
    fs.mkdirSync(deep, { recursive: true });
    expect(ok(['list', '--count'], { cwd: deep })).toBe('1\n');
    expect(fs.existsSync(path.join(deep, 'data'))).toBe(false);
    // --db and WORKBLOCK_DB still win.
    expect(ok(['list', '--count', '--db', 'other.db'], { cwd: deep })).toBe('0\n');
  });

  it.skipIf(onPostgres)('does not look in or above a world-writable directory', () => {
    const shared = tempDir();
    fs.chmodSync(shared, 0o777);
    ok(['add', 'planted'], { cwd: shared });
    const mine = path.join(shared, 'mine');
    fs.mkdirSync(mine);
    expect(ok(['list', '--count'], { cwd: mine })).toBe('0\n');
    expect(fs.existsSync(path.join(mine, 'data', 'workblocks.db'))).toBe(true);
  });

  it('says on stderr when it creates a new database, once', () => {
    const cwd = tempDir();
    const first = cli(['add', 'first'], { cwd });
    expect(first.stdout).toBe('1\n');
    const url = databaseFor(cwd);
    expect(first.stderr).toBe(`workblock: created a new queue at ${url ? displayLocation(url) : path.join(cwd, 'data', 'workblocks.db')}\n`);
    if (url) expect(first.stderr).not.toContain(new URL(url).password);
    expect(cli(['add', 'second'], { cwd }).stderr).toBe('');
  });
});
