/** Claiming: one BEGIN IMMEDIATE transaction picks ready blocks in order and leases them to this executor. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import type { Lease } from './lease.js';
import { readPause } from '../queue/pause.js';
import { rowToBlock } from '../queue/rows.js';
import type { WorkBlock } from '../queue/types.js';
import { readyBlocks, type ReadyFilter } from './ready.js';
import { settleIn, type Settlement } from './settle.js';

export interface ClaimRequest extends ReadyFilter {
  /** most blocks to take in this claim */
  max: number;
  /** free slots for blocks that run a command; blocks without one cost no slot */
  commandSlots: number;
  /** ids this run must not take again (e.g. undelivered a moment ago) */
  skip?: Set<number>;
  /** when set, only retries among these ids may be taken */
  onlyIds?: Set<number>;
  /** how many ready rows to look at (default max); small when commands are next, as each look costs */
  scan?: number;
}

/** A command just started for a block: its process group, recorded so recovery can stop an orphan. */
export interface ChildNote {
  id: number;
  pid: number;
}

export interface ClaimResult {
  blocks: WorkBlock[];
  paused: boolean;
}

/**
 * Settles finished blocks and claims the next ones in one transaction: half the commits, and the
 * pages both touch are written once.
 */
export async function settleAndClaim(db: Kysely<Database>, lease: Lease, settlements: Settlement[], req: ClaimRequest | null, children: ChildNote[] = []): Promise<ClaimResult> {
  return withImmediateTransaction(db, async (trx) => {
    for (const c of children) await trx.updateTable('blocks').set({ child_pid: c.pid }).where('id', '=', c.id).where('lease_owner', '=', lease.owner).execute();
    await settleIn(trx, lease, settlements);
    return req ? claimIn(trx, lease, req) : { blocks: [], paused: false };
  });
}

async function claimIn(trx: Kysely<Database>, lease: Lease, req: ClaimRequest): Promise<ClaimResult> {
  const pause = await readPause(trx);
  if (pause.all) return { blocks: [], paused: true };
  let query = readyBlocks(trx, { ...req, excludeTags: pause.tags }, Math.min(req.max, req.scan ?? req.max) + (req.skip?.size ?? 0)).select(['id', 'command', 'outcome']);
  if (req.onlyIds) query = query.where('attempts', '>', 0);
  const candidates = (await query.execute()).filter((c) => !req.onlyIds || req.onlyIds.has(c.id));
  const taken: number[] = [];
  let slots = req.commandSlots;
  for (const c of candidates) {
    if (taken.length >= req.max) break;
    if (req.skip?.has(c.id)) continue;
    const runsCommand = c.command !== null && c.outcome === null;
    // Stop rather than skip, so a command block is never overtaken by later ones.
    if (runsCommand && slots === 0) break;
    if (runsCommand) slots--;
    taken.push(c.id);
  }
  if (!taken.length) return { blocks: [], paused: false };
  const now = Date.now();
  const rows = await trx
    .updateTable('blocks')
    .set((eb) => ({
      status: 'running',
      started_at: now,
      attempts: eb('attempts', '+', 1),
      lease_owner: lease.owner,
      lease_pid: lease.pid,
      lease_host: lease.host,
      lease_until: now + lease.ms,
    }))
    .where('id', 'in', taken)
    .returningAll()
    .execute();
  const byId = new Map(rows.map((r) => [r.id, rowToBlock(r)]));
  return { blocks: taken.map((id) => byId.get(id)!), paused: false };
}
