/**
 * The store's claim and the settle of blocks without a command, on a real database of the backend
 * under test (on PostgreSQL they are single statements of their own: src/store/postgres/).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openQueue, type Queue } from '../../dist/src/index.js';
import { newLease, type Lease } from '../../dist/src/store/lease.js';
import { commitTransitions } from '../../dist/src/store/transitions.js';
import type { ClaimRequest } from '../../dist/src/store/claim.js';
import { pause } from '../../dist/src/queue/pause.js';
import { BACKEND } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { locationOf, queryRows } from '../helpers/db.js';

const open: Queue[] = [];

async function queue(): Promise<{ q: Queue; cwd: string }> {
  const cwd = tempDir();
  const q = await openQueue({ db: locationOf(cwd), cwd });
  open.push(q);
  return { q, cwd };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

async function claimTasks(q: Queue, lease: Lease, req: Partial<ClaimRequest> = {}): Promise<string[]> {
  const { blocks } = await commitTransitions(q.db, lease, { claim: { max: 100, commandSlots: 100, ...req } });
  return blocks.map((b) => b.task);
}

const cmd = { shell: 'true' };

describe(`claiming (${BACKEND})`, () => {
  it('takes ready blocks by priority, then id, and leases them to the claimer', async () => {
    const { q, cwd } = await queue();
    await q.add([{ task: 'a' }, { task: 'b', priority: 5 }, { task: 'c' }, { task: 'd', priority: 5 }]);
    const lease = newLease();
    expect(await claimTasks(q, lease, { max: 3 })).toEqual(['b', 'd', 'a']);
    const rows = await queryRows<{ task: string; status: string; lease_owner: string | null; attempts: number }>(cwd, 'select task, status, lease_owner, attempts from blocks order by id');
    expect(rows).toEqual([
      { task: 'a', status: 'running', lease_owner: lease.owner, attempts: 1 },
      { task: 'b', status: 'running', lease_owner: lease.owner, attempts: 1 },
      { task: 'c', status: 'pending', lease_owner: null, attempts: 0 },
      { task: 'd', status: 'running', lease_owner: lease.owner, attempts: 1 },
    ]);
  });

  it('records the outcome of a block without a command when it claims it, and returns the whole block', async () => {
    const { q } = await queue();
    await q.add([{ task: 'note', result: 'r', insight: 'i', nextStep: 'n', tags: ['x', 'y'], name: 'the-note' }, { task: 'cmd', command: cmd, env: { A: '1' }, timeoutMs: 5000 }]);
    const before = Date.now();
    const { blocks } = await commitTransitions(q.db, newLease(), { claim: { max: 10, commandSlots: 1 } });
    const [note, command] = blocks;
    expect(note).toMatchObject({ task: 'note', result: 'r', insight: 'i', nextStep: 'n', tags: ['x', 'y'], name: 'the-note', status: 'running', attempts: 1, command: null, env: {} });
    expect(note.outcome).toMatchObject({ ok: true, exitCode: null, durationMs: 0, attempt: 1, timedOut: false, error: null });
    expect(note.outcome!.startedAt).toBeGreaterThanOrEqual(before);
    expect(note.startedAt).toBe(note.outcome!.startedAt);
    expect(command).toMatchObject({ task: 'cmd', command: cmd, env: { A: '1' }, timeoutMs: 5000, outcome: null, attempts: 1 });
  });

  it('never lets a later block overtake a command block that has no free slot', async () => {
    const { q } = await queue();
    await q.add([{ task: 'n1' }, { task: 'c1', command: cmd }, { task: 'n2' }, { task: 'c2', command: cmd }, { task: 'n3' }]);
    expect(await claimTasks(q, newLease(), { commandSlots: 0 })).toEqual(['n1']);
    expect(await claimTasks(q, newLease(), { commandSlots: 1 })).toEqual(['c1', 'n2']);
    expect(await claimTasks(q, newLease(), { commandSlots: 5 })).toEqual(['c2', 'n3']);
  });

  it('takes at most max blocks, excluded ids not counted against max', async () => {
    const { q } = await queue();
    const { ids } = await q.add(Array.from({ length: 10 }, (_, i) => ({ task: `t${i}` })));
    expect(await claimTasks(q, newLease(), { max: 3 })).toEqual(['t0', 't1', 't2']);
    expect(await claimTasks(q, newLease(), { max: 2, excludeIds: new Set([ids[3], ids[4]]) })).toEqual(['t5', 't6']);
  });

  it('leaves blocks with an unmet dependency, blocks not yet due and blocks of other tags or runs', async () => {
    const { q } = await queue();
    await q.add([
      { task: 'first', name: 'first' },
      { task: 'after first', after: ['first'] },
      { task: 'later', runAt: Date.now() + 3_600_000 },
      { task: 'tagged', tags: ['gpu', 'big'] },
      { task: 'half tagged', tags: ['gpu'] },
      { task: 'in run', batch: 'run-1' },
    ]);
    expect(await claimTasks(q, newLease(), { tags: ['gpu', 'big'] })).toEqual(['tagged']);
    expect(await claimTasks(q, newLease(), { batch: 'run-1' })).toEqual(['in run']);
    expect(await claimTasks(q, newLease())).toEqual(['first', 'half tagged']);
  });

  it('skips excluded ids, and with retriesOf takes only retries among those ids', async () => {
    const { q, cwd } = await queue();
    const { ids } = await q.add([{ task: 'a' }, { task: 'b' }, { task: 'c' }, { task: 'd' }]);
    expect(await claimTasks(q, newLease(), { excludeIds: new Set([ids[0], ids[2]]) })).toEqual(['b', 'd']);
    // a and c: one has run before (a retry waiting), one never ran.
    await queryRows(cwd, `update blocks set attempts = 1 where id = ${ids[0]}`);
    expect(await claimTasks(q, newLease(), { retriesOf: new Set([ids[0], ids[2]]) })).toEqual(['a']);
    expect(await claimTasks(q, newLease(), { retriesOf: new Set([ids[1]]) })).toEqual([]);
  });

  it('gives a block back unclaimed as the claim found it: pending, attempt not counted, last error kept, for its lease holder only', async () => {
    const { q, cwd } = await queue();
    const { ids } = await q.add([{ task: 'a', command: cmd }, { task: 'b', command: cmd }]);
    await queryRows(cwd, `update blocks set attempts = 2, last_error = 'earlier failure' where id = ${ids[0]}`);
    const mine = newLease();
    const { blocks } = await commitTransitions(q.db, mine, { claim: { max: 2, commandSlots: 2 } });
    expect(blocks.map((b) => [b.task, b.attempts])).toEqual([['a', 3], ['b', 1]]);
    // Another lease gives back nothing it does not hold.
    await commitTransitions(q.db, newLease(), { unclaims: blocks });
    expect(await queryRows(cwd, 'select status from blocks order by id')).toEqual([{ status: 'running' }, { status: 'running' }]);
    await commitTransitions(q.db, mine, { unclaims: blocks });
    const rows = await queryRows<{ task: string; status: string; attempts: number; last_error: string | null; lease_owner: string | null }>(cwd, 'select task, status, attempts, last_error, lease_owner from blocks order by id');
    expect(rows.map((r) => ({ ...r, attempts: Number(r.attempts) }))).toEqual([
      { task: 'a', status: 'pending', attempts: 2, last_error: 'earlier failure', lease_owner: null },
      { task: 'b', status: 'pending', attempts: 0, last_error: null, lease_owner: null },
    ]);
    expect(await claimTasks(q, newLease())).toEqual(['a', 'b']);
  });

  it('claims nothing while the queue is paused, and skips paused tags only', async () => {
    const { q } = await queue();
    await q.add([{ task: 'plain' }, { task: 'slow one', tags: ['slow'] }, { task: 'other', tags: ['slower'] }]);
    await pause(q.db, 'slow');
    const lease = newLease();
    expect(await claimTasks(q, lease, { max: 10 })).toEqual(['plain', 'other']);
    await q.add({ task: 'late' });
    await pause(q.db);
    expect(await commitTransitions(q.db, lease, { claim: { max: 10, commandSlots: 10 } })).toEqual({ blocks: [], paused: true });
  });

  it('gives each block to one of many claimers racing for it', async () => {
    const { q, cwd } = await queue();
    await q.add(Array.from({ length: 300 }, (_, i) => ({ task: `t${i}` })));
    const claimers = await Promise.all(Array.from({ length: 4 }, () => openQueue({ db: locationOf(cwd), cwd })));
    open.push(...claimers);
    const taken = await Promise.all(
      claimers.map(async (c) => {
        const lease = newLease();
        const mine: string[] = [];
        for (;;) {
          const got = await claimTasks(c, lease, { max: 7 });
          if (!got.length) return mine;
          mine.push(...got);
        }
      }),
    );
    const all = taken.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
  });
});

describe(`settling blocks without a command (${BACKEND})`, () => {
  it('moves them to history as successes with the outcome recorded at claim, for their lease holder only', async () => {
    const { q, cwd } = await queue();
    await q.add([{ task: 'n1', name: 'one', result: 'done', tags: ['t'] }, { task: 'n2', batch: 'r1', runName: 'second' }, { task: 'c', command: cmd }]);
    const mine = newLease();
    const { blocks } = await commitTransitions(q.db, mine, { claim: { max: 2, commandSlots: 0 } });
    expect(blocks.map((b) => b.task)).toEqual(['n1', 'n2']);
    const settlements = blocks.map((block) => ({ kind: 'success' as const, block, outcome: block.outcome! }));
    // Another lease settles nothing it does not hold.
    await commitTransitions(q.db, newLease(), { settlements });
    expect(await queryRows(cwd, 'select block_id from history')).toEqual([]);
    await commitTransitions(q.db, mine, { settlements });
    const history = await queryRows(cwd, 'select block_id, task, result, tags, name, batch, command, outcome, exit_code, duration_ms, attempts, started_at, finished_at from history order by block_id');
    expect(history).toEqual(
      blocks.map((b) => ({
        block_id: b.id,
        task: b.task,
        result: b.result,
        tags: b.tags.length ? `,${b.tags.join(',')},` : '',
        name: b.name ?? b.runName,
        batch: b.batch,
        command: null,
        outcome: 'success',
        exit_code: null,
        duration_ms: 0,
        attempts: 1,
        started_at: b.outcome!.startedAt,
        finished_at: b.outcome!.finishedAt,
      })),
    );
    expect(await queryRows(cwd, 'select task, status from blocks')).toEqual([{ task: 'c', status: 'pending' }]);
    const counts = await queryRows<{ status: string; n: number }>(cwd, "select status, n from block_counts where status in ('pending', 'running') order by status");
    expect(counts.map((c) => [c.status, Number(c.n)])).toEqual([['pending', 1], ['running', 0]]);
  });
});
