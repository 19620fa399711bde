/** Which SQL dialect a Kysely instance (or a transaction taken from it) speaks. */
import { PostgresAdapter, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
