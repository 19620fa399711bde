/**
 * Several block transitions committed as one transaction: the executor's outcomes, settlements,
 * requeues, unclaims and next claim share one commit (half the fsyncs, and the pages they touch are written once).
 * Each transition is still its own named function; this only composes them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from '../db/dialect.js';
import { patientWaitMs, withImmediateTransaction } from '../db/transaction.js';
import { leaseReady, readLeased, type ClaimRequest, type ClaimResult, type Leased } from './claim.js';
import { claimOnPostgres } from './postgres/claim.js';
import type { Lease } from './lease.js';
import { recordOutcomes, type RecordedOutcome } from './record-outcome.js';
import { requeue, type Requeue } from './requeue.js';
import { settle, type Settlement } from './settle.js';
import { unclaim } from './unclaim.js';
import type { WorkBlock } from '../queue/types.js';

/** A command just started for a block: its process group, recorded so recovery can stop an orphan. */
export interface ChildNote {
  id: number;
  pid: number;
}

export interface Transitions {
  children?: ChildNote[];
  outcomes?: RecordedOutcome[];
  settlements?: Settlement[];
  requeues?: Requeue[];
  /** claimed blocks that never started: back as if never claimed */
  unclaims?: WorkBlock[];
  claim?: ClaimRequest | null;
}

/**
 * Commits the transitions. Anything that records finished work waits patiently for another writer
 * (a line goes to `onWait` every few seconds); a claim alone fails fast at the busy timeout.
 */
export async function commitTransitions(db: Kysely<Database>, lease: Lease, t: Transitions, onWait?: (waitedMs: number) => void): Promise<ClaimResult> {
  const protectsWork = !!(t.outcomes?.length || t.settlements?.length || t.requeues?.length || t.unclaims?.length);
  const wait = protectsWork ? { waitMs: patientWaitMs(), onWait } : {};
  // On PostgreSQL a claim alone is one statement (store/postgres/claim.ts), atomic without BEGIN and COMMIT.
  const postgres = isPostgres(db);
  if (t.claim && !protectsWork && !t.children?.length && postgres) return claimOnPostgres(db, lease, t.claim);
  const claimed: ClaimResult | Leased = await withImmediateTransaction(
    db,
    async (trx) => {
      await noteChildren(trx, lease, t.children ?? []);
      await recordOutcomes(trx, lease, t.outcomes ?? []);
      await settle(trx, lease, t.settlements ?? []);
      await requeue(trx, lease, t.requeues ?? []);
      await unclaim(trx, lease, t.unclaims ?? []);
      if (!t.claim) return { blocks: [], paused: false };
      // (SQLite: the rows are read after the commit, outside the write lock; see leaseReady)
      return postgres ? claimOnPostgres(trx, lease, t.claim) : leaseReady(trx, lease, t.claim);
    },
    wait,
  );
  return 'ids' in claimed ? readLeased(db, lease, claimed) : claimed;
}

/** Commands run by one spawner share its process group: one UPDATE per group, not one per block. */
async function noteChildren(trx: Kysely<Database>, lease: Lease, children: ChildNote[]): Promise<void> {
  const byGroup = new Map<number, number[]>();
  for (const c of children) {
    const ids = byGroup.get(c.pid) ?? [];
    ids.push(c.id);
    byGroup.set(c.pid, ids);
  }
  for (const [pid, ids] of byGroup) await trx.updateTable('blocks').set({ child_pid: pid }).where('id', 'in', ids).where('lease_owner', '=', lease.owner).execute();
}
