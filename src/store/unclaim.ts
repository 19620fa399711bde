/**
 * Undoing a claim whose block never started (an executor claims ahead of its free slots and may give
 * blocks back): the block returns to pending as the claim found it, this attempt not counted and its
 * last error kept, as if it had never been claimed. A block that started and was stopped is requeued
 * instead (requeue.ts): that run counts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { WorkBlock } from '../queue/types.js';
import type { Lease } from './lease.js';
import { release } from './requeue.js';

export async function unclaim(trx: Kysely<Database>, lease: Lease, blocks: WorkBlock[]): Promise<void> {
  // `block` is the row as claim() returned it: attempts already counts this claim.
  for (const block of blocks) await release(trx, lease, block.id, { last_error: block.lastError, attempts: block.attempts - 1 });
}
