/**
 * Listening for every change of a PostgreSQL queue (the dashboard's change feed): LISTEN
 * workblock_changes, which migration 0009's triggers NOTIFY after each statement that writes the
 * queue's tables, on a connection of its own that never goes back to the pool. A lost connection (a
 * server restart, a terminated backend) is reported and re-made with backoff; changes missed
 * meanwhile are announced by one onChange once it listens again.
 */
import type { Kysely } from 'kysely';
import type { PoolClient } from 'pg';
import type { Database } from '../../db/schema.js';
import { poolOf } from '../../db/postgres/open.js';

export const CHANGES_CHANNEL = 'workblock_changes';
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

export interface ChangeListener {
  /** Stops listening and closes its connection; no onChange after it resolves. */
  close(): Promise<void>;
}

export interface ChangeHandlers {
  onChange(): void;
  /** the connection was lost (it is re-made), or re-making it failed (tried again later) */
  onError(e: unknown): void;
}

/** Resolves once LISTEN is in place: every commit after that reaches onChange. */
export async function listenForChanges(db: Kysely<Database>, handlers: ChangeHandlers): Promise<ChangeListener> {
  const pool = poolOf(db);
  if (!pool) throw new Error('listenForChanges needs a queue opened by openPostgres');
  /** drops the connection listening now (once): it is destroyed, never reused, as it may still be listening */
  let dropCurrent: (() => void) | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = RETRY_FIRST_MS;

  const connect = async (): Promise<void> => {
    const c: PoolClient = await pool.connect();
    let dropped = false;
    const drop = () => {
      if (dropped) return false;
      dropped = true;
      c.removeAllListeners('notification');
      c.release(true);
      if (dropCurrent === drop) dropCurrent = null;
      return true;
    };
    const onLost = (e?: unknown) => {
      if (!drop() || closed) return;
      handlers.onError(e ?? new Error('the change feed lost its PostgreSQL connection'));
      scheduleReconnect();
    };
    // A checked-out client that loses its server emits 'error': without a listener the process dies.
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (m) => m.channel === CHANGES_CHANNEL && handlers.onChange());
    try {
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      drop();
      throw e;
    }
    if (closed) return void drop();
    dropCurrent = drop;
  };

  const scheduleReconnect = () => {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          if (closed) return;
          retryMs = RETRY_FIRST_MS;
          handlers.onChange(); // what changed while nobody listened
        },
        (e: unknown) => {
          if (closed) return;
          handlers.onError(e);
          retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
          scheduleReconnect();
        },
      );
    }, retryMs);
    retryTimer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      dropCurrent?.();
    },
  };
}
