/**
 * Returns blocks whose executor died to pending. On this host that means its pid is gone, and nothing
 * else: a live executor's block is never taken from it, however late its lease renewal. From another
 * host, the lease expired. A command the dead executor left running on this host is killed first (its
 * process group), so a block never runs twice at once. A block with a recorded outcome keeps it: the
 * next claim only re-delivers it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { hostId } from './host.js';
import { isCommandGroup, processExists, signalGroup } from '../process-group.js';

/** SIGKILL to an orphaned command's process group; true when there was one, and it was the command's. */
function killOrphan(pgid: number, executorPid: number | null, blockId: number): boolean {
  return isCommandGroup(pgid, executorPid, blockId) && signalGroup(pgid, 'SIGKILL');
}

export async function recoverStale(db: Kysely<Database>, now = Date.now()): Promise<number[]> {
  const host = hostId();
  const running = await db.selectFrom('blocks').select(['id', 'lease_owner', 'lease_pid', 'lease_host', 'lease_until', 'child_pid']).where('status', '=', 'running').execute();
  const stale = running.filter((r) => (r.lease_host === host && r.lease_pid !== null ? !processExists(r.lease_pid) : (r.lease_until ?? 0) < now));
  if (!stale.length) return [];
  return withImmediateTransaction(db, async (trx) => {
    const recovered: number[] = [];
    for (const r of stale) {
      let why = r.lease_host === host ? `executor pid ${r.lease_pid} on ${r.lease_host} is gone` : `its lease from ${r.lease_host} expired`;
      // Matching the owner we saw guards against a block re-claimed since we looked.
      const res = await trx
        .updateTable('blocks')
        .set({ status: 'pending', last_error: null, lease_owner: null, lease_pid: null, lease_host: null, lease_until: null, child_pid: null })
        .where('id', '=', r.id)
        .where('status', '=', 'running')
        .where('lease_owner', '=', r.lease_owner)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) continue;
      if (r.child_pid && r.lease_host === host && killOrphan(r.child_pid, r.lease_pid, r.id)) why += `; killed its orphaned command (process group ${r.child_pid})`;
      await trx.updateTable('blocks').set({ last_error: `recovered: ${why}` }).where('id', '=', r.id).execute();
      recovered.push(r.id);
    }
    return recovered;
  });
}
