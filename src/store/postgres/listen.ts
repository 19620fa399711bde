/**
 * Waiting for work on PostgreSQL: LISTEN workblock_work on a pool client of its own (the triggers of
 * migration 0003 NOTIFY it), then check once for ready work, so a commit that landed between the
 * worker's empty claim and the LISTEN is not missed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { poolOf } from '../../db/postgres/open.js';
import { anyReady, nextDueAt, type WaitOptions, type WaitResult } from '../wait-for-work.js';

export async function listenForWork(db: Kysely<Database>, opts: WaitOptions): Promise<WaitResult> {
  const pool = poolOf(db);
  if (!pool) throw new Error('listenForWork needs a queue opened by openPostgres');
  const client = await pool.connect();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let onNotify: (() => void) | undefined;
  try {
    const woken = new Promise<WaitResult>((resolve) => {
      onNotify = () => resolve('work');
      onAbort = () => resolve('aborted');
      client.on('notification', onNotify);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
    await client.query('LISTEN workblock_work');
    if (await anyReady(db, opts.filter, opts.exclude)) return 'work';
    // A delayed retry becomes ready with no notification: wake at its run_at at the latest.
    const due = await nextDueAt(db);
    const waitMs = Math.max(0, Math.min(opts.timeoutMs, due === undefined ? Infinity : due - Date.now() + 5));
    const timedOut = new Promise<WaitResult>((resolve) => {
      timer = setTimeout(() => resolve(due !== undefined && due - Date.now() <= 0 ? 'work' : 'timeout'), waitMs);
    });
    return await Promise.race([woken, timedOut]);
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    if (onNotify) client.removeListener('notification', onNotify);
    // UNLISTEN before the client goes back to the pool, so no other query's client gets notifications.
    await client.query('UNLISTEN workblock_work').then(
      () => client.release(),
      (e: Error) => client.release(e),
    );
  }
}
