/**
 * A change feed for `workblock serve` on PostgreSQL: every statement that writes a table the dashboard
 * shows (blocks, their dependencies, history, runs, settings such as pause) sends NOTIFY
 * workblock_changes, so the dashboard LISTENs instead of polling. SQLite needs nothing: the dashboard
 * polls its `PRAGMA data_version`, which changes with every commit by another connection.
 * Frozen in time: never import app types here.
 *
 * Statement-level, with an empty payload: PostgreSQL folds identical notifications of one
 * transaction into one, so a claim of 100 blocks or a settle batch costs one notification at commit.
 */
import { sql, type Kysely } from 'kysely';

const TABLES = ['blocks', 'block_deps', 'history', 'runs', 'settings'];

export async function up(db: Kysely<any>): Promise<void> {
  if (!db.getExecutor().adapter.supportsTransactionalDdl) return; // SQLite
  await sql`create function workblock_notify_changes() returns trigger language plpgsql as $$
    begin
      perform pg_notify('workblock_changes', '');
      return null;
    end $$`.execute(db);
  for (const table of TABLES) {
    await sql`create trigger ${sql.ref(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function workblock_notify_changes()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!db.getExecutor().adapter.supportsTransactionalDdl) return;
  for (const table of TABLES) await sql`drop trigger ${sql.ref(`${table}_notify_changes`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function workblock_notify_changes()`.execute(db);
}
