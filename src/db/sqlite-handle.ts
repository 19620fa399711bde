/**
 * The better-sqlite3 connection and file behind a writable SQLite queue's Kysely instance, for the
 * few things Kysely cannot do: group commit (deferred-sync.ts) and watching for other processes'
 * commits (commit-watch.ts). PostgreSQL and read-only queues have none.
 */
import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from './schema.js';

export interface SqliteHandle {
  sqlite: SqliteDatabase.Database;
  file: string;
}

const handles = new WeakMap<Kysely<Database>, SqliteHandle>();

/** Called by openDatabase for a writable SQLite queue. */
export function registerSqliteHandle(db: Kysely<Database>, sqlite: SqliteDatabase.Database, file: string): void {
  handles.set(db, { sqlite, file });
}

export function sqliteHandleOf(db: Kysely<Database>): SqliteHandle | undefined {
  return handles.get(db);
}
