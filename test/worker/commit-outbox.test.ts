/**
 * One executor commit (src/worker/commit.ts) on a real database: a command's end exists only in
 * memory until it is recorded, so no failure on the way may drop it, and a retried commit must not
 * apply a `workblock kill` twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openQueue, type Queue } from '../../dist/src/index.js';
import { newLease } from '../../dist/src/store/lease.js';
import { recordKillRequest } from '../../dist/src/store/kill-requests.js';
import { commitTransitions } from '../../dist/src/store/transitions.js';
import { commitOutbox } from '../../dist/src/worker/commit.js';
import { applyKillRequests } from '../../dist/src/worker/apply-kills.js';
import { Outbox, type Ended } from '../../dist/src/worker/outbox.js';
import { BACKEND } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

const open: Queue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close().catch(() => undefined)));
});

/** A queue with one command block claimed by a new lease, and that block's failed end. */
async function failedCommand() {
  const cwd = tempDir();
  const q = await openQueue({ db: locationOf(cwd), cwd });
  open.push(q);
  await q.add([{ task: 'cmd', command: { shell: 'false' } }]);
  const lease = newLease();
  const [block] = (await commitTransitions(q.db, lease, { claim: { max: 1, commandSlots: 1 } })).blocks;
  const now = Date.now();
  const ended: Ended = {
    block,
    outcome: { ok: false, exitCode: 1, signal: null, timedOut: false, durationMs: 5, stdoutTail: '', stderrTail: '', error: 'command exited with code 1', attempt: 1, startedAt: now - 5, finishedAt: now },
    interrupted: false,
  };
  return { q, lease, block, ended };
}

describe(`an executor commit (${BACKEND})`, () => {
  it('keeps the ended commands when it cannot read the kill requests', async () => {
    const { q, lease, ended } = await failedCommand();
    const outbox = new Outbox();
    outbox.commandEnded(ended);
    await q.close(); // every read now fails
    await expect(commitOutbox(q.db, lease, outbox, new Set(), null, () => undefined)).rejects.toThrow();
    expect(outbox.ended).toEqual([ended]);
  });

  it('names `workblock kill` once in an outcome whose commit is tried again', async () => {
    const { q, block, ended } = await failedCommand();
    await recordKillRequest(q.db, block.id, block.attempts, 'fail');
    await applyKillRequests(q.db, [ended]);
    await applyKillRequests(q.db, [ended]); // the commit failed and the outbox put it back
    expect(ended.outcome.error).toBe('stopped by `workblock kill`: command exited with code 1');
    expect(ended.killed).toBe(true);
  });
});
