/** Who holds a claimed block and until when; renewed while the block runs. */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Lease {
  owner: string;
  pid: number;
  host: string;
  ms: number;
}

export function newLease(ms = Number(process.env.WORKBLOCK_LEASE_MS) || 60_000): Lease {
  return { owner: randomUUID(), pid: process.pid, host: os.hostname(), ms };
}

export async function renewLeases(db: Kysely<Database>, lease: Lease): Promise<void> {
  await db
    .updateTable('blocks')
    .set({ lease_until: Date.now() + lease.ms })
    .where('lease_owner', '=', lease.owner)
    .where('status', '=', 'running')
    .execute();
}
