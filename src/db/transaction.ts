/** Write transactions that take SQLite's write lock up front (BEGIN IMMEDIATE), so claims never race. */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Kysely's own transaction() issues a deferred BEGIN; upgrading a deferred read to a write can fail
 * with SQLITE_BUSY without waiting, so every write goes through here instead.
 */
export async function withImmediateTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const value = await work(conn);
      await sql`commit`.execute(conn);
      return value;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
