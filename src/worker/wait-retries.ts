/** Sleeps, holding no claim, until the earliest retry of a block this run started is due. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Returns false when none of `started` (but `skip`) waits for a retry, true after sleeping until one is due. */
export async function waitForRetries(db: Kysely<Database>, started: Set<number>, skip: Set<number>, signal?: AbortSignal): Promise<boolean> {
  const waiting = await db.selectFrom('blocks').select(['id', 'run_at']).where('status', '=', 'pending').where('attempts', '>', 0).execute();
  const due = waiting.filter((r) => started.has(r.id) && !skip.has(r.id)).map((r) => r.run_at);
  if (!due.length) return false;
  const ms = Math.max(0, Math.min(...due) - Date.now());
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    return false; // aborted by a signal: stop waiting
  }
  return true;
}
