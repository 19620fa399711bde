/**
 * A worker waiting for work (`execute --wait`, here through the library) is woken by another process's
 * commit: LISTEN on PostgreSQL, a watch on the database's files on SQLite. Its own looks are set ten
 * minutes apart here, so only a wake explains a block run within the test's bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openQueue, type Queue } from '../../dist/src/index.js';
import type { ExecuteResult } from '../../dist/src/worker/execute-types.js';
import { onPostgres } from '../helpers/backend.js';
import { ok, tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

const TEN_MINUTES = 600_000;
/** Generous for a loaded machine, and far below the ten minutes between the worker's own looks. */
const BOUND_MS = 20_000;

const open: Queue[] = [];
const stops: AbortController[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) s.abort();
  await Promise.all(open.splice(0).map((q) => q.close().catch(() => undefined)));
});

/** A waiting worker for one block on a new queue; `result` is null if it did not finish within BOUND_MS. */
async function waitingWorker(cwd: string) {
  const q = await openQueue({ db: locationOf(cwd), cwd });
  open.push(q);
  const stop = new AbortController();
  stops.push(stop);
  const run = q.execute({ n: 1, wait: true, waitPollMs: TEN_MINUTES, loggers: [], signal: stop.signal });
  return {
    result: (): Promise<ExecuteResult | null> => Promise.race([run, sleep(BOUND_MS).then(() => null)]),
  };
}

describe('a waiting worker wakes for work', () => {
  it('runs a block another process adds while it waits', async () => {
    const cwd = tempDir();
    const marker = path.join(cwd, 'woke.txt');
    const worker = await waitingWorker(cwd);
    await sleep(700); // not an assertion: time to find the queue empty and start waiting
    ok(['add', 'later', '--cmd', `echo woke > ${marker}`], { cwd });
    expect(await worker.result()).toMatchObject({ executed: 1, successful: 1 });
    expect(fs.readFileSync(marker, 'utf8')).toBe('woke\n');
  });

  it('runs a delayed block when it falls due, with no commit to wake it', async () => {
    const cwd = tempDir();
    ok(['add', 'soon', '--in', '2s'], { cwd });
    const worker = await waitingWorker(cwd);
    expect(await worker.result()).toMatchObject({ executed: 1, successful: 1 });
  });

  // PostgreSQL's paused worker looks at the pause every waitPollMs: only SQLite's watch sees `resume`.
  it.skipIf(onPostgres)('runs a held block as soon as another process resumes the queue', async () => {
    const cwd = tempDir();
    ok(['add', 'held'], { cwd });
    ok(['pause'], { cwd });
    const worker = await waitingWorker(cwd);
    await sleep(700); // not an assertion: time to find the queue paused
    ok(['resume'], { cwd });
    expect(await worker.result()).toMatchObject({ executed: 1, successful: 1 });
  });
});
