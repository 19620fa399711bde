/** Changing queued blocks by hand: remove, and retry failed ones (which un-blocks their dependents). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { UsageError } from '../errors.js';
import { getBlock } from './list.js';

export interface RemoveResult {
  /** every block removed, the named ones first */
  ids: number[];
  /** of those, the dependents removed with --cascade */
  dependents: number[];
}

/**
 * Removes blocks (not running ones). A block others wait for is refused unless `cascade`, which removes
 * its dependents too (directly or not): removing only the dependency would leave them waiting on nothing
 * they can see. All or nothing.
 */
export async function removeBlocks(db: Kysely<Database>, refs: string[], opts: { cascade?: boolean } = {}): Promise<RemoveResult> {
  return withImmediateTransaction(db, async (trx) => {
    const blocks = [];
    for (const ref of refs) blocks.push(await getBlock(trx, ref));
    const ids = [...new Set(blocks.map((b) => b.id))];
    const dependents = await dependentsOf(trx, ids);
    if (dependents.length && !opts.cascade) {
      throw new UsageError(`#${dependents.join(', #')} depend${dependents.length === 1 ? 's' : ''} on the block(s) to remove: add --cascade to remove ${dependents.length === 1 ? 'it' : 'them'} too, or \`workblock edit ID --clear-deps\` first`);
    }
    const all = [...ids, ...dependents];
    const running = await trx.selectFrom('blocks').select('id').where('id', 'in', all).where('status', '=', 'running').executeTakeFirst();
    if (running) throw new UsageError(`block #${running.id} is running: wait for it to finish, or stop it with \`workblock kill ${running.id}\``);
    await trx.deleteFrom('blocks').where('id', 'in', all).execute();
    return { ids: all, dependents };
  });
}

/** Every block that waits, directly or not, on one of `ids` (and is not itself in `ids`). */
async function dependentsOf(trx: Kysely<Database>, ids: number[]): Promise<number[]> {
  const seen = new Set(ids);
  const found: number[] = [];
  let frontier = ids;
  while (frontier.length) {
    const next = (await trx.selectFrom('block_deps').select('block_id').where('depends_on_id', 'in', frontier).execute()).map((r) => r.block_id).filter((id) => !seen.has(id));
    next.forEach((id) => seen.add(id));
    found.push(...new Set(next));
    frontier = [...new Set(next)];
  }
  return found.sort((a, b) => a - b);
}

export interface RetryResult {
  retried: number[];
  /** blocked dependents that went back to pending because nothing they wait on failed any more */
  released: number[];
}

/** Re-queues failed blocks (by ref, or all failed ones) and un-blocks dependents that no longer wait on a failure. */
export async function retryBlocks(db: Kysely<Database>, refs: string[] | 'failed'): Promise<RetryResult> {
  return withImmediateTransaction(db, async (trx) => {
    let ids: number[];
    if (refs === 'failed') {
      ids = (await trx.selectFrom('blocks').select('id').where('status', '=', 'failed').execute()).map((r) => r.id);
    } else {
      const blocks = [];
      for (const ref of refs) blocks.push(await getBlock(trx, ref));
      const bad = blocks.find((b) => b.status !== 'failed' && b.status !== 'blocked');
      if (bad) throw new UsageError(`block #${bad.id} is ${bad.status}, not failed: only failed or blocked blocks can be retried`);
      ids = blocks.map((b) => b.id);
    }
    if (ids.length) {
      await trx.updateTable('blocks').set({ status: 'pending', run_at: 0, attempts: 0, outcome: null }).where('id', 'in', ids).execute();
    }
    const released = (await unblockReleased(trx)).filter((id) => !ids.includes(id));
    return { retried: ids, released };
  });
}

/** Blocked blocks none of whose dependencies is failed or blocked any more go back to pending. */
async function unblockReleased(trx: Kysely<Database>): Promise<number[]> {
  const released: number[] = [];
  for (;;) {
    const free = await trx
      .selectFrom('blocks as b')
      .select('b.id')
      .where('b.status', '=', 'blocked')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('block_deps as d').innerJoin('blocks as dep', 'dep.id', 'd.depends_on_id').select('d.block_id').whereRef('d.block_id', '=', 'b.id').where('dep.status', 'in', ['failed', 'blocked']))),
      )
      .execute();
    if (!free.length) return released.sort((a, b) => a - b);
    released.push(...free.map((r) => r.id));
    await trx.updateTable('blocks').set({ status: 'pending', last_error: null }).where('id', 'in', free.map((r) => r.id)).execute();
  }
}
