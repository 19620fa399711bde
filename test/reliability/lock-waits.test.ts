/**
 * Another writer holding SQLite's write lock (a backup, a big import, a `sqlite3` session): writes that
 * protect finished work wait for it, saying so on stderr; a claim, which has nothing to lose, gives up
 * at the busy timeout. (On PostgreSQL a table lock makes everything wait: see the fault matrix.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, dbPath, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { onPostgres } from '../helpers/backend.js';
import { queryRows } from '../helpers/db.js';
import { until } from '../helpers/processes.js';

const HOLD_LOCK = path.join(ROOT, 'test', 'fixtures', 'hold-write-lock.cjs');

/** Holds the write lock for `ms`; resolves once it holds it, with a promise of its exit. */
async function holdWriteLock(cwd: string, ms: number): Promise<{ holder: ChildProcess; released: Promise<unknown> }> {
  const holder = spawn(process.execPath, [HOLD_LOCK, dbPath(cwd), String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise((resolve) => holder.on('exit', resolve));
  await new Promise((resolve) => holder.stdout!.once('data', resolve));
  return { holder, released };
}

describe.skipIf(onPostgres).concurrent('another writer holding the write lock', () => {
  it('waits past the busy timeout to record a finished command, says so on stderr, and runs it only once', async () => {
    const cwd = tempDir();
    ok(['add', 'ends while locked', '--cmd', 'echo ran >> runs; i=0; while [ ! -e go ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done'], { cwd });
    // A busy timeout far shorter than the lock: only the patient wait for finished work can outlast it.
    const executor = startCli(['execute', '1', '--logger', 'jsonl'], { cwd, env: { WORKBLOCK_BUSY_TIMEOUT_MS: '300' } });
    const exited = waitExit(executor);
    await until(() => fs.existsSync(path.join(cwd, 'runs')));
    const { released } = await holdWriteLock(cwd, 7000);
    fs.writeFileSync(path.join(cwd, 'go'), ''); // the command ends now, with the lock held for 7 s
    const r = await exited;
    await released;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/the database is locked by another writer: waiting to record finished work \(\d+ s so far\)/);
    expect(fs.readFileSync(path.join(cwd, 'runs'), 'utf8')).toBe('ran\n');
    expect(await queryRows(cwd, 'select block_id, outcome from history')).toEqual([{ block_id: 1, outcome: 'success' }]);
    expect(await queryRows(cwd, 'select count(*) as n from blocks')).toEqual([{ n: 0 }]);
  });

  it('gives up a claim at the busy timeout with the "locked" error and exit 1, leaving the queue as it was', async () => {
    const cwd = tempDir();
    ok(['add', 'never claimed', '--cmd', 'echo ran >> runs'], { cwd });
    const { holder, released } = await holdWriteLock(cwd, 8000);
    const r = await waitExit(startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_BUSY_TIMEOUT_MS: '300' } }));
    // It gave up while the lock was still held: it did not wait it out.
    const stillHeld = holder.exitCode === null;
    await released;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/locked by another writer/);
    expect(stillHeld).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'runs'))).toBe(false);
    expect(await queryRows(cwd, 'select id, status, attempts from blocks')).toEqual([{ id: 1, status: 'pending', attempts: 0 }]);
  });
});
