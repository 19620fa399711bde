/**
 * A command stopped by `workblock kill` ends like any killed command (SIGTERM, or its spawner lost to
 * SIGKILL); the request the kill recorded (store/kill-requests.ts) says what the user wants: recorded
 * failed without its retries, or back to pending. Only commands that failed are looked up, so
 * successes cost nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { killRequestsFor } from '../store/kill-requests.js';
import type { Finished } from './decide.js';

/** Marks the ended commands a kill asked for; returns the ids to put back to pending. */
export async function applyKillRequests(db: Kysely<Database>, justEnded: Array<Finished & { interrupted: boolean }>): Promise<Set<number>> {
  const requeued = new Set<number>();
  const failed = justEnded.filter((e) => !e.outcome.ok || e.interrupted);
  if (!failed.length) return requeued;
  const kills = await killRequestsFor(db, failed.map((e) => ({ id: e.block.id, attempt: e.block.attempts })));
  for (const e of failed) {
    const action = kills.get(e.block.id);
    if (action === 'requeue') {
      e.interrupted = true;
      requeued.add(e.block.id);
    } else if (action === 'fail' && !e.killed) {
      // (not twice: a commit that failed puts this end back, and the next one applies kills again)
      e.interrupted = false;
      e.killed = true;
      e.outcome = { ...e.outcome, ok: false, error: `stopped by \`workblock kill\`: ${e.outcome.error ?? 'killed'}` };
    }
  }
  return requeued;
}
