/**
 * Write transactions on PostgreSQL. Row locks replace SQLite's database lock: writers wait for the
 * rows they touch (claims skip locked rows instead, see the store's claim). READ COMMITTED can still
 * abort a transaction in a deadlock or a serialization failure; the whole transaction is then run
 * again, which is safe because every transaction body here only reads and writes the database.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 8;

export async function withPgTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => work(trx));
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      if (typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= ATTEMPTS) throw e;
      await sleep(attempt * (1 + Math.random() * 4));
    }
  }
}
