/**
 * Recording a command's end: its outcome is stored on the block, in the lease holder's transaction,
 * before any logger sees it. From then on nothing runs that command again: a block recovered with a
 * stored outcome is only re-delivered.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ExecOutcome } from '../command.js';
import type { Lease } from './lease.js';

export interface RecordedOutcome {
  id: number;
  outcome: ExecOutcome;
}

export async function recordOutcomes(trx: Kysely<Database>, lease: Lease, items: RecordedOutcome[]): Promise<void> {
  for (const { id, outcome } of items) {
    // The command has ended, so its process group is forgotten: the spawner leading it may be running
    // the next block's command by now, which neither `workblock kill` nor recovery may signal for this one.
    await trx.updateTable('blocks').set({ outcome: JSON.stringify(outcome), child_pid: null }).where('id', '=', id).where('lease_owner', '=', lease.owner).execute();
  }
}
