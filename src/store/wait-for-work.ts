/**
 * `execute --wait`: block until work may be ready, the time is up or the worker is stopping. The
 * worker owns the loop (claim, then wait when nothing was claimed); this is only the waiting.
 * PostgreSQL LISTENs for the notification its triggers send; SQLite polls with backoff, since another
 * process's commit cannot wake us. Both wake at the next retry's run_at, which no one announces.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from '../db/dialect.js';
import { readyBlocks, type ReadyFilter } from './ready.js';

export type WaitResult = 'work' | 'timeout' | 'aborted';

export interface WaitOptions {
  /** the longest wait, in ms (the worker passes what is left of --max-time) */
  timeoutMs: number;
  signal?: AbortSignal;
  filter?: ReadyFilter;
  /** ready blocks that are not work for this worker (it set them aside): waking for them would spin */
  exclude?: ReadonlySet<number>;
}

/** SQLite: first poll after 50 ms, doubling to once a second; cheap (one indexed query). */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1000;

export async function anyReady(db: Kysely<Database>, filter: ReadyFilter = {}, exclude: ReadonlySet<number> = new Set()): Promise<boolean> {
  const rows = await readyBlocks(db, filter, exclude.size + 1).select('id').execute();
  return rows.some((r) => !exclude.has(r.id));
}

/** When the earliest delayed block becomes due (epoch ms), if any. */
export async function nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db.selectFrom('blocks').select((eb) => eb.fn.min<number>('run_at').as('at')).where('status', '=', 'pending').where('run_at', '>', Date.now()).executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

export async function waitForWork(db: Kysely<Database>, opts: WaitOptions): Promise<WaitResult> {
  if (opts.signal?.aborted) return 'aborted';
  if (isPostgres(db)) {
    const { listenForWork } = await import('./postgres/listen.js');
    return listenForWork(db, opts);
  }
  const end = Date.now() + Math.max(0, opts.timeoutMs);
  let pause = FIRST_POLL_MS;
  for (;;) {
    if (await anyReady(db, opts.filter, opts.exclude)) return 'work';
    const left = end - Date.now();
    if (left <= 0) return 'timeout';
    try {
      await sleep(Math.min(pause, left), undefined, { signal: opts.signal });
    } catch {
      return 'aborted';
    }
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}
