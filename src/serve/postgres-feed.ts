/**
 * The dashboard's change feed on PostgreSQL: LISTEN/NOTIFY (store/postgres/changes.ts) instead of
 * polling. Loaded only for a PostgreSQL queue.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { listenForChanges, type ChangeListener } from '../store/postgres/changes.js';
import { Listeners, type ChangeFeed } from './change-feed.js';

export class PostgresNotifyFeed implements ChangeFeed {
  private readonly listeners = new Listeners();
  private listener: ChangeListener | null = null;

  /** Resolves once LISTEN is in place, so the server may start taking requests. */
  static async start(db: Kysely<Database>, onError: (e: unknown) => void): Promise<PostgresNotifyFeed> {
    const feed = new PostgresNotifyFeed(onError);
    feed.listener = await listenForChanges(db, { onChange: () => feed.listeners.fire(onError), onError });
    return feed;
  }

  private constructor(private readonly onError: (e: unknown) => void) {}

  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  /** The server's own writes notify its LISTEN too; firing now only saves the round trip. */
  noteLocalWrite(): void {
    this.listeners.fire(this.onError);
  }

  async close(): Promise<void> {
    await this.listener?.close();
  }
}
