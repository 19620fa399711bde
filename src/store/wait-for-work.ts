/**
 * `execute --wait`: block until work may be ready, the time is up or the worker is stopping. The
 * worker owns the loop (claim, then wait when nothing was claimed); this is only the waiting.
 * PostgreSQL LISTENs for the notification its triggers send. SQLite is woken by another process's
 * commit through a watch on the database's files (commit-watch.ts), and still looks every second in
 * case the watch misses one; without a watch it polls with backoff. Both wake when a delayed block
 * falls due, which no one announces.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from '../db/dialect.js';
import { nextChange, type CommitWatch } from '../db/commit-watch.js';
import { readyBlocks, type ReadyFilter } from './ready.js';

export type WaitResult = 'work' | 'timeout' | 'aborted';

export interface WaitOptions {
  /** the longest wait, in ms (the worker passes what is left of --max-time) */
  timeoutMs: number;
  signal?: AbortSignal;
  filter?: ReadyFilter;
  /** ready blocks that are not work for this worker (it set them aside): waking for them would spin */
  exclude?: ReadonlySet<number>;
  /** SQLite: wakes at another process's commit; opened by the caller before it last looked at the queue */
  watch?: CommitWatch | null;
  /** the longest it goes without looking itself (default 1 s); a watch's wakes come sooner */
  pollMs?: number;
}

/** SQLite without a watch: first poll after 50 ms, doubling to once a second; cheap (one indexed query). */
const FIRST_POLL_MS = 50;
export const POLL_MS = 1000;

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
  const most = opts.pollMs ?? POLL_MS;
  const watch = opts.watch ?? null;
  let pause = watch ? most : Math.min(FIRST_POLL_MS, most);
  // When the earliest delayed block falls due: read again only after a change or once it has passed
  // (it reads every pending row), and only with a watch (polls see a due block within a second).
  let due: number | undefined;
  let changed = !!watch;
  for (;;) {
    if (await anyReady(db, opts.filter, opts.exclude)) return 'work';
    if (changed || (due !== undefined && due <= Date.now())) due = await nextDueAt(db);
    const now = Date.now();
    if (end - now <= 0) return 'timeout';
    const ms = Math.min(pause, end - now, due === undefined ? Infinity : due - now);
    const woke = await nextChange(watch, ms, opts.signal);
    if (woke === 'aborted') return 'aborted';
    changed = woke === 'changed';
    pause = Math.min(pause * 2, most);
  }
}
