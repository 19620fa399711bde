/** Who holds a claimed block and until when; renewed well inside its length while the block runs. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { UsageError } from '../errors.js';
import { hostId } from './host.js';

export interface Lease {
  owner: string;
  pid: number;
  host: string;
  ms: number;
}

export const DEFAULT_LEASE_MS = 60_000;
/**
 * Renewal runs every third of the lease and is one write, which waits for other writers up to the busy
 * timeout (5 s by default): a lease much shorter than that could lapse while its executor is alive.
 */
export const MIN_LEASE_MS = 5000;

export function leaseMs(raw = process.env.WORKBLOCK_LEASE_MS): number {
  if (raw === undefined || raw === '') return DEFAULT_LEASE_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < MIN_LEASE_MS) {
    throw new UsageError(`WORKBLOCK_LEASE_MS=${raw} is too short: use at least ${MIN_LEASE_MS} (ms), or leave it unset for ${DEFAULT_LEASE_MS}`);
  }
  return ms;
}

export function newLease(ms = leaseMs()): Lease {
  return { owner: leaseOwner(), pid: process.pid, host: hostId(), ms };
}

/**
 * A name no other live executor has: its host, pid and start time, and some randomness for a pid
 * reused within a millisecond. Not a secret (anyone who can write the queue can write any lease), so
 * no node:crypto, whose loading every execute would pay (with node:readline, about 4.5 ms of CPU
 * of an 80 ms start).
 */
function leaseOwner(): string {
  return `${hostId()}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** How often a live executor renews: a third of the lease, so two renewals can fail before it lapses. */
export function renewEveryMs(lease: Lease): number {
  return Math.floor(lease.ms / 3);
}

export async function renewLeases(db: Kysely<Database>, lease: Lease): Promise<void> {
  await db
    .updateTable('blocks')
    .set({ lease_until: Date.now() + lease.ms })
    .where('lease_owner', '=', lease.owner)
    .where('status', '=', 'running')
    .execute();
}
