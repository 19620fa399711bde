/** Write transactions that take SQLite's write lock up front (BEGIN IMMEDIATE), so claims never race. */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { busyTimeoutMs } from './busy.js';
import { sqliteCode } from './sqlite-errors.js';
import type { Database } from './schema.js';

/**
 * Takes the write lock, retrying every millisecond or two until the busy timeout. SQLite's own busy
 * handler backs off to sleeps of 25-100 ms, which leaves the lock idle while several executors wait.
 */
async function beginImmediate(conn: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs();
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (e) {
        if (!sqliteCode(e)?.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e;
        await sleep(1 + Math.random());
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
export async function withImmediateTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
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
}
