/**
 * The change feed: tells the dashboard when the queue may have changed, so it pushes a fresh view
 * instead of clients polling. An interface, so each backend brings its own: SQLite polls
 * `PRAGMA data_version` here; PostgreSQL LISTENs (postgres-feed.ts). Each is started before the
 * server listens, so no commit made once the dashboard is up can slip past it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface ChangeFeed {
  /** Calls `listener` after each change seen (several commits may coalesce into one call); returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** This process wrote through its own connection, which the backend may not report to itself. */
  noteLocalWrite(): void;
  /** Stops watching; resolves once nothing the feed started still uses the connection. */
  close(): Promise<void>;
}

/** Fans one change out to every listener; a listener that throws does not stop the others. */
export class Listeners {
  private readonly set = new Set<() => void>();
  add(listener: () => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  fire(onError: (e: unknown) => void): void {
    for (const l of this.set) {
      try {
        l();
      } catch (e) {
        onError(e);
      }
    }
  }
}

/**
 * SQLite's `data_version` changes on a connection whenever another connection commits to the file
 * (and never for its own commits, hence noteLocalWrite). Reading it is a pragma on the server's own
 * connection, microseconds, so polling every 100 ms costs nothing and keeps changes well within 1 s.
 *
 * The first reading is the baseline every later one is compared with, so start() takes it before it
 * resolves and the server listens only after that: a commit made once the dashboard is up always
 * differs from it. (Taken on the first tick instead, a commit in the first 100 ms, e.g. an `add` run
 * as soon as the address was printed, became the baseline itself and was never pushed.)
 */
export class SqliteDataVersionFeed implements ChangeFeed {
  private readonly listeners = new Listeners();
  private readonly timer: NodeJS.Timeout;
  private polling: Promise<void> | null = null;

  static async start(db: Kysely<Database>, onError: (e: unknown) => void, intervalMs = 100): Promise<SqliteDataVersionFeed> {
    return new SqliteDataVersionFeed(db, onError, await readDataVersion(db), intervalMs);
  }

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (e: unknown) => void,
    private last: number,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  noteLocalWrite(): void {
    this.listeners.fire(this.onError);
  }

  private poll(): void {
    if (this.polling) return; // a slow read (a busy disk) must not pile up reads behind it
    this.polling = this.readVersion().finally(() => (this.polling = null));
  }

  private async readVersion(): Promise<void> {
    try {
      const version = await readDataVersion(this.db);
      const changed = version !== this.last;
      this.last = version;
      if (changed) this.listeners.fire(this.onError);
    } catch (e) {
      this.onError(e);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }
}

async function readDataVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
  return Number(rows[0]?.data_version);
}
