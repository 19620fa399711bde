/** Giving blocks whose command was stopped back to pending without an outcome: that run counts, the next one is a new run. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import type { WorkBlock } from '../queue/types.js';
import type { Lease } from './lease.js';

export type RequeueReason =
  /** stopped before it finished (Ctrl-C, a closed terminal, a lost process): it runs again, not failed */
  | 'interrupted'
  /** stopped by `workblock kill --requeue` */
  | 'killed';

export interface Requeue {
  block: WorkBlock;
  reason: RequeueReason;
}

const RELEASED = { status: 'pending', lease_owner: null, lease_pid: null, lease_host: null, lease_until: null, child_pid: null } as const;

export async function requeue(trx: Kysely<Database>, lease: Lease, items: Requeue[]): Promise<void> {
  for (const { block, reason } of items) {
    const why = reason === 'interrupted' ? 'interrupted by a signal; will run again' : 'stopped by `workblock kill --requeue`; will run again';
    await release(trx, lease, block.id, { last_error: why });
  }
}

export type Release = { run_at?: number; last_error: string | null; outcome?: string | null; attempts?: number };

/** Back to pending, only if this lease still holds the block (a recovered block is not ours). */
export async function release(trx: Kysely<Database>, lease: Lease, id: number, changes: Release): Promise<void> {
  await trx.updateTable('blocks').set({ ...RELEASED, ...changes }).where('id', '=', id).where('lease_owner', '=', lease.owner).execute();
}

/**
 * After an error escaped the executor: every block its lease still holds goes back to pending, as
 * recovery returns a dead executor's, a recorded outcome kept (the next execute only delivers it).
 * Recovery would never take them itself while the executor's process lives on (a library caller).
 */
export async function releaseHeld(db: Kysely<Database>, lease: Lease, why: string): Promise<void> {
  await withImmediateTransaction(db, (trx) => trx.updateTable('blocks').set({ ...RELEASED, last_error: why }).where('lease_owner', '=', lease.owner).where('status', '=', 'running').execute());
}
