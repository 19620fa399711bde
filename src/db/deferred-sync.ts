/**
 * Group commit for a long-running writer (the executor): SQLite's synchronous=FULL fsyncs the WAL
 * inside COMMIT, which blocks the one JavaScript thread for a millisecond or more per commit, while
 * commands wait to be started and their ends wait to be read. With deferral on, COMMIT writes the WAL
 * without syncing it (synchronous=NORMAL) and the transaction helper then fsyncs the WAL file on
 * libuv's thread pool before it returns: a transaction is just as durable when its promise resolves,
 * but the thread serves commands during the fsync, and other executors get the write lock sooner.
 *
 * Only WAL mode qualifies: there NORMAL skips syncs at commit only (checkpoints still sync), and one
 * fsync of the WAL file makes every frame written so far durable.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { sqliteHandleOf } from './sqlite-handle.js';

const walFds = new WeakMap<Kysely<Database>, number>();

/**
 * Turns deferral on for this connection; returns a function that turns it off (FULL again). A no-op
 * on PostgreSQL, read-only or non-WAL SQLite, or when the WAL file cannot be opened.
 */
export function deferSyncToCommit(db: Kysely<Database>): () => void {
  const h = sqliteHandleOf(db);
  if (!h || walFds.has(db) || h.sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return () => undefined;
  let fd: number;
  try {
    // The WAL exists while this connection is open in WAL mode (it holds the database open).
    fd = fs.openSync(`${h.file}-wal`, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return () => undefined;
  }
  h.sqlite.pragma('synchronous = NORMAL');
  walFds.set(db, fd);
  return () => {
    walFds.delete(db);
    h.sqlite.pragma('synchronous = FULL');
    fs.closeSync(fd);
  };
}

/** Makes what this connection committed durable; resolves at once when deferral is off. */
export function syncCommitted(db: Kysely<Database>): Promise<void> {
  const fd = walFds.get(db);
  if (fd === undefined) return Promise.resolve();
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}
