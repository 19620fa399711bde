/** Write transactions that take SQLite's write lock up front (BEGIN IMMEDIATE), so claims never race. */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { busyTimeoutMs } from './busy.js';
import { syncCommitted } from './deferred-sync.js';
import { isPostgres } from './dialect.js';
import { withPgTransaction } from './postgres/transaction.js';
import { sqliteCode } from './sqlite-errors.js';
import type { Database } from './schema.js';

export interface LockWait {
  /** how long to wait for another writer before giving up (default: the busy timeout) */
  waitMs?: number;
  /** called about every 5 s while waiting, with the time waited so far */
  onWait?: (waitedMs: number) => void;
}

/**
 * Writes that protect finished work (an outcome, a settle, a requeue) must not give up while that work
 * exists only in memory: they wait for another writer (a backup, an import, a `sqlite3` session) for
 * minutes. Only a claim, which has nothing to lose, fails fast at the busy timeout.
 */
export function patientWaitMs(): number {
  const v = Number(process.env.WORKBLOCK_LOCK_WAIT_MS);
  return v > 0 ? v : 10 * 60_000;
}

const NOTICE_EVERY_MS = 5000;

/**
 * Takes the write lock, retrying every millisecond or two until the deadline. SQLite's own busy
 * handler backs off to sleeps of 25-100 ms, which leaves the lock idle while several executors wait.
 */
async function beginImmediate(conn: Kysely<Database>, wait: LockWait): Promise<void> {
  const started = Date.now();
  const deadline = started + (wait.waitMs ?? busyTimeoutMs());
  let nextNotice = started + NOTICE_EVERY_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (e) {
        if (!sqliteCode(e)?.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e;
        if (wait.onWait && Date.now() >= nextNotice) {
          wait.onWait(Date.now() - started);
          nextNotice += NOTICE_EVERY_MS;
        }
        // Past the first second nobody gains from a 1 ms poll: back off to 25 ms.
        await sleep(Date.now() - started < 1000 ? 1 + Math.random() : 25);
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.lit(busyTimeoutMs())}`.execute(conn);
  }
}

/**
 * Kysely's own transaction() issues a deferred BEGIN; upgrading a deferred read to a write can fail
 * with SQLITE_BUSY without waiting, so every write goes through here instead.
 */
export async function withImmediateTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>, wait: LockWait = {}): Promise<T> {
  // PostgreSQL locks rows, not the database: writers wait for the rows they touch, claims skip them.
  if (isPostgres(db)) return withPgTransaction(db, work);
  const value = await db.connection().execute(async (conn) => {
    await beginImmediate(conn, wait);
    try {
      const value = await work(conn);
      await sql`commit`.execute(conn);
      return value;
    } catch (e) {
      // The original error is the one to report; a failed rollback only means there was nothing to undo.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
  // Durable before the caller acts on it (see deferred-sync.ts; at once unless the executor deferred it).
  await syncCommitted(db);
  return value;
}
