/** Changing queued blocks by hand: remove, and retry failed ones (which un-blocks their dependents). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { UsageError } from '../errors.js';
import { getBlock } from './list.js';

/** Removes blocks (not running ones); their dependents are released. All or nothing. */
export async function removeBlocks(db: Kysely<Database>, refs: string[]): Promise<number[]> {
  return withImmediateTransaction(db, async (trx) => {
    const blocks = [];
    for (const ref of refs) blocks.push(await getBlock(trx, ref));
    const running = blocks.find((b) => b.status === 'running');
    if (running) throw new UsageError(`block #${running.id} is running: wait for it to finish, or stop its executor first`);
    const ids = blocks.map((b) => b.id);
    await trx.deleteFrom('blocks').where('id', 'in', ids).execute();
    return ids;
  });
}

/** Re-queues failed blocks (by ref, or all failed ones) and un-blocks dependents that no longer wait on a failure. */
export async function retryBlocks(db: Kysely<Database>, refs: string[] | 'failed'): Promise<number[]> {
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
    await unblockReleased(trx);
    return ids;
  });
}

/** Blocked blocks none of whose dependencies is failed or blocked any more go back to pending. */
async function unblockReleased(trx: Kysely<Database>): Promise<void> {
  for (;;) {
    const free = await trx
      .selectFrom('blocks as b')
      .select('b.id')
      .where('b.status', '=', 'blocked')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('block_deps as d').innerJoin('blocks as dep', 'dep.id', 'd.depends_on_id').select('d.block_id').whereRef('d.block_id', '=', 'b.id').where('dep.status', 'in', ['failed', 'blocked']))),
      )
      .execute();
    if (!free.length) return;
    await trx.updateTable('blocks').set({ status: 'pending', last_error: null }).where('id', 'in', free.map((r) => r.id)).execute();
  }
}
