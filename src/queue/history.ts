/** The history table: what ran, newest first, and its retention. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { rowToHistory } from './rows.js';
import type { HistoryEntry } from './types.js';

export interface HistoryOptions {
  limit?: number;
  /** only entries finished at or after this time (ms) */
  since?: number;
  id?: number;
}

export async function readHistory(db: Kysely<Database>, opts: HistoryOptions = {}): Promise<HistoryEntry[]> {
  let q = db.selectFrom('history').selectAll().orderBy('finished_at', 'desc').orderBy('history_id', 'desc');
  if (opts.since !== undefined) q = q.where('finished_at', '>=', opts.since);
  if (opts.id !== undefined) q = q.where('block_id', '=', opts.id);
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  return (await q.execute()).map(rowToHistory);
}

export interface HistoryStats {
  total: number;
  successful: number;
  averageMs: number | null;
}

export async function historyStats(db: Kysely<Database>): Promise<HistoryStats> {
  const row = await db
    .selectFrom('history')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('outcome', '=', 'success').then(1).else(0).end()).as('ok'),
      eb.fn.avg<number>('duration_ms').as('avg'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), successful: Number(row.ok ?? 0), averageMs: row.avg === null ? null : Number(row.avg) };
}

/** Deletes history older than `before` (ms); returns how many rows went. */
export async function pruneHistory(db: Kysely<Database>, before: number): Promise<number> {
  const res = await db.deleteFrom('history').where('finished_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
