/**
 * One commit of the executor: the outcomes of commands that just ended, the settlements and unclaims
 * waiting in the outbox, and the next claim, in one transaction (store/transitions.ts). What a
 * `workblock kill` asked for is applied to the ended commands first. If the commit fails, everything
 * goes back into the outbox for the next attempt, which waits patiently for the lock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ClaimRequest } from '../store/claim.js';
import type { Lease } from '../store/lease.js';
import type { Requeue } from '../store/requeue.js';
import type { Settlement } from '../store/settle.js';
import { commitTransitions } from '../store/transitions.js';
import type { WorkBlock } from '../queue/types.js';
import { applyKillRequests } from './apply-kills.js';
import type { Finished } from './decide.js';
import type { Outbox } from './outbox.js';

export interface Committed {
  claimed: WorkBlock[];
  paused: boolean;
  /** outcomes now stored: to deliver */
  recorded: Finished[];
  settled: Settlement[];
  /** stopped before their command finished: back to pending, to report as interrupted */
  interrupted: WorkBlock[];
  /** given back without running */
  unclaimed: WorkBlock[];
}

/**
 * `setAside` is the set the claim request excludes (ClaimBook passes it live): an interrupted block
 * joins it before the claim that shares this commit, since whatever stopped it may stop it again.
 */
export async function commitOutbox(db: Kysely<Database>, lease: Lease, outbox: Outbox, setAside: Set<number>, claim: ClaimRequest | null, onLockWait: (ms: number) => void): Promise<Committed> {
  const justEnded = outbox.takeEnded();
  const rest = outbox.takeRest();
  try {
    // Inside the guard: until the commit, these ends exist only here, and a failed read of the
    // kill requests must put them back like a failed commit (else recovery would run them again).
    const killRequeued = await applyKillRequests(db, justEnded);
    const outcomes = justEnded.filter((e) => !e.interrupted);
    const interrupted = justEnded.filter((e) => e.interrupted).map((e): Requeue => ({ block: e.block, reason: killRequeued.has(e.block.id) ? 'killed' : 'interrupted' }));
    interrupted.forEach((r) => setAside.add(r.block.id));
    const transitions = { children: rest.children, outcomes: outcomes.map((e) => ({ id: e.block.id, outcome: e.outcome })), settlements: rest.settlements, requeues: interrupted, unclaims: rest.unclaimed, claim };
    const claimed = await commitTransitions(db, lease, transitions, onLockWait);
    return { claimed: claimed.blocks, paused: claimed.paused, recorded: outcomes, settled: rest.settlements, interrupted: interrupted.map((r) => r.block), unclaimed: rest.unclaimed };
  } catch (e) {
    outbox.putBack(justEnded, rest);
    throw e;
  }
}
