/** What `workblock kill` asked for one attempt of a running block, read by the executor that settles it. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type KillAction = 'fail' | 'requeue';

export async function recordKillRequest(db: Kysely<Database>, id: number, attempt: number, action: KillAction): Promise<void> {
  const requested_at = Date.now();
  await db
    .insertInto('kill_requests')
    .values({ block_id: id, attempt, action, requested_at })
    .onConflict((oc) => oc.column('block_id').doUpdateSet({ attempt, action, requested_at }))
    .execute();
}

export async function deleteKillRequest(db: Kysely<Database>, id: number, attempt: number): Promise<void> {
  await db.deleteFrom('kill_requests').where('block_id', '=', id).where('attempt', '=', attempt).execute();
}

/** For the executor: the kill requests that apply to these attempts of blocks it is settling. */
export async function killRequestsFor(db: Kysely<Database>, attempts: Array<{ id: number; attempt: number }>): Promise<Map<number, KillAction>> {
  const found = new Map<number, KillAction>();
  if (!attempts.length) return found;
  const rows = await db.selectFrom('kill_requests').selectAll().where('block_id', 'in', attempts.map((a) => a.id)).execute();
  for (const r of rows) if (attempts.some((a) => a.id === r.block_id && a.attempt === r.attempt)) found.set(r.block_id, r.action as KillAction);
  return found;
}
