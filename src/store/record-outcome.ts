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

/** Outcomes per statement: two parameters each, well under SQLite's and PostgreSQL's limits. */
const CHUNK = 400;

/**
 * One UPDATE for all of a commit's outcomes (a CASE on the id picks each block's), not one per block:
 * with short commands these statements were a tenth of the executor's thread (--cpu-prof, 200 `true`).
 */
export async function recordOutcomes(trx: Kysely<Database>, lease: Lease, items: RecordedOutcome[]): Promise<void> {
  for (let at = 0; at < items.length; at += CHUNK) {
    const chunk = items.slice(at, at + CHUNK);
    // The command has ended, so its process group is forgotten: the spawner leading it may be running
    // the next block's command by now, which neither `workblock kill` nor recovery may signal for this one.
    await trx
      .updateTable('blocks')
      .set((eb) => {
        const [first, ...rest] = chunk;
        let outcome = eb.case().when('id', '=', first.id).then(JSON.stringify(first.outcome));
        for (const { id, outcome: o } of rest) outcome = outcome.when('id', '=', id).then(JSON.stringify(o));
        return { outcome: outcome.end(), child_pid: null };
      })
      .where('id', 'in', chunk.map((o) => o.id))
      .where('lease_owner', '=', lease.owner)
      .execute();
  }
}
