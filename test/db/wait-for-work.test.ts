import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../dist/src/db/open.js';
import { waitForWork } from '../../dist/src/store/wait-for-work.js';
import { CommitWatch } from '../../dist/src/db/commit-watch.js';
import { BACKEND, onPostgres } from '../helpers/backend.js';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { locationOf, queryRows } from '../helpers/db.js';

/** A queue opened the way execute opens it, on this backend. */
async function opened(cwd: string) {
  ok(['migrate'], { cwd });
  return openDatabase(locationOf(cwd), { cwd });
}

describe(`waiting for work (${BACKEND})`, () => {
  it('returns "work" at once when a block is ready', async () => {
    const cwd = tempDir();
    ok(['add', 'ready now'], { cwd });
    const { db } = await opened(cwd);
    try {
      const started = Date.now();
      expect(await waitForWork(db, { timeoutMs: 20_000 })).toBe('work');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await db.destroy();
    }
  });

  it('times out on an empty queue, not before', async () => {
    const cwd = tempDir();
    const { db } = await opened(cwd);
    try {
      const started = Date.now();
      expect(await waitForWork(db, { timeoutMs: 600 })).toBe('timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    } finally {
      await db.destroy();
    }
  });

  it('wakes when another process adds a block, long before the timeout', async () => {
    const cwd = tempDir();
    const { db } = await opened(cwd);
    try {
      const started = Date.now();
      const waiting = waitForWork(db, { timeoutMs: 30_000 });
      setTimeout(() => cli(['add', 'arrives later'], { cwd }), 300);
      expect(await waiting).toBe('work');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await db.destroy();
    }
  });

  it('wakes when a delayed block becomes due, which nobody announces', async () => {
    const cwd = tempDir();
    ok(['add', 'later'], { cwd });
    const { db } = await opened(cwd);
    const due = Date.now() + 1000;
    await queryRows(cwd, `update blocks set run_at = ${due}`);
    try {
      expect(await waitForWork(db, { timeoutMs: 30_000 })).toBe('work');
      expect(Date.now()).toBeGreaterThanOrEqual(due);
      expect(Date.now() - due).toBeLessThan(5000);
    } finally {
      await db.destroy();
    }
  });

  it('returns "aborted" when the worker stops', async () => {
    const cwd = tempDir();
    const { db } = await opened(cwd);
    try {
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 200);
      expect(await waitForWork(db, { timeoutMs: 30_000, signal: stop.signal })).toBe('aborted');
    } finally {
      await db.destroy();
    }
  });

  // With a watch the due time is read once and kept: once it has passed it must be read again, or a
  // due block that is not work for this worker (another tag here) would make the wait spin.
  it.skipIf(onPostgres)('does not spin once a delayed block that is not its work has fallen due', async () => {
    const cwd = tempDir();
    ok(['add', 'elsewhere', '--tag', 'other'], { cwd });
    const { db } = await opened(cwd);
    await queryRows(cwd, `update blocks set run_at = ${Date.now() + 300}`);
    const watch = CommitWatch.open(db);
    try {
      expect(watch).not.toBeNull();
      const cpu = process.cpuUsage();
      const started = Date.now();
      expect(await waitForWork(db, { timeoutMs: 1500, filter: { tags: ['mine'] }, watch, pollMs: 60_000 })).toBe('timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
      const used = process.cpuUsage(cpu);
      // Measured: 9 ms of CPU; spinning (a query per timer turn for the 1.2 s after the due time) 270.
      expect((used.user + used.system) / 1000).toBeLessThan(100);
    } finally {
      watch?.close();
      await db.destroy();
    }
  });
});
