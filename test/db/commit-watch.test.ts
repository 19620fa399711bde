/**
 * The SQLite commit watch (src/db/commit-watch.ts) on a real queue file: which writes wake it, that a
 * write between two waits is not lost, and the looks again after a wake (a commit's WAL write is seen
 * before readers can see the commit). Every wait here is ten seconds or more unless a wake ends it.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitWatch } from '../../dist/src/db/commit-watch.js';
import { openQueue, type Queue } from '../../dist/src/index.js';
import { onPostgres } from '../helpers/backend.js';
import { dbPath, ok, tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

const LONG = 10_000;
const open: Array<Queue | CommitWatch> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => Promise.resolve(x.close()).catch(() => undefined)));
});

async function watched() {
  const cwd = tempDir();
  const q = await openQueue({ db: locationOf(cwd), cwd });
  open.push(q);
  const watch = CommitWatch.open(q.db);
  if (watch) open.push(watch);
  return { cwd, q, watch };
}

describe.skipIf(onPostgres)('CommitWatch', () => {
  it("wakes at another process's commit, and keeps a commit made while no one waited", async () => {
    const { cwd, watch } = await watched();
    expect(watch).not.toBeNull();
    const waiting = watch!.next(LONG);
    ok(['add', 'one'], { cwd });
    expect(await waiting).toBe('changed');
    while ((await watch!.next(300)) === 'changed'); // the add's other writes, and the looks again
    ok(['add', 'two'], { cwd }); // while nobody waits
    const t = performance.now();
    expect(await watch!.next(LONG)).toBe('changed');
    expect(performance.now() - t).toBeLessThan(LONG / 2);
  });

  // A commit's first write wakes the waiter before the commit can be read: it must look again.
  it('after a wake, looks again for about 150 ms, then waits its whole time', async () => {
    const { cwd, watch } = await watched();
    const first = watch!.next(LONG);
    ok(['add', 'x'], { cwd }); // all its writes are done when this returns
    expect(await first).toBe('changed');
    const woke = performance.now();
    const changes: number[] = [];
    for (;;) {
      const t = performance.now();
      const reason = await watch!.next(1000);
      if (reason === 'timeout') {
        expect(performance.now() - t).toBeGreaterThanOrEqual(900);
        break;
      }
      expect(reason).toBe('changed');
      changes.push(performance.now() - woke);
      expect(changes.length).toBeLessThan(50);
    }
    expect(changes.length).toBeGreaterThanOrEqual(5);
    expect(changes.at(-1)).toBeGreaterThanOrEqual(140);
  });

  it('sleeps through writes to other files in the directory, and ends on abort', async () => {
    const { cwd, watch } = await watched();
    const waiting = watch!.next(400);
    fs.writeFileSync(`${dbPath(cwd)}.bak`, 'not the database');
    expect(await waiting).toBe('timeout');
    const stop = new AbortController();
    const aborted = watch!.next(LONG, stop.signal);
    stop.abort();
    expect(await aborted).toBe('aborted');
  });
});
