/** The history table: what ran, newest first, and its retention. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { rowToHistory } from './rows.js';
import type { HistoryEntry } from './types.js';

export interface HistoryOptions {
  limit?: number;
  /** only entries finished at or after this time (ms) */
  since?: number;
  id?: number;
  name?: string;
  /** only entries of this run */
  run?: string;
}

export async function readHistory(db: Kysely<Database>, opts: HistoryOptions = {}): Promise<HistoryEntry[]> {
  let q = db.selectFrom('history').selectAll().orderBy('finished_at', 'desc').orderBy('history_id', 'desc');
  if (opts.since !== undefined) q = q.where('finished_at', '>=', opts.since);
  if (opts.id !== undefined) q = q.where('block_id', '=', opts.id);
  if (opts.name !== undefined) q = q.where('name', '=', opts.name);
  if (opts.run !== undefined) q = q.where('batch', '=', opts.run);
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

export interface PruneResult {
  /** history entries deleted (or that would be, in a dry run) */
  entries: number;
  /** blocks with no queued row and no history left: their log files can go */
  goneBlocks: number[];
}

/** Deletes history older than `before` (ms); a dry run only counts. */
export async function pruneHistory(db: Kysely<Database>, before: number, opts: { dryRun?: boolean } = {}): Promise<PruneResult> {
  return withImmediateTransaction(db, async (trx) => {
    const old = await trx.selectFrom('history').select('block_id').where('finished_at', '<', before).execute();
    const ids = [...new Set(old.map((r) => r.block_id))];
    // A block still queued (say, retried) or with newer history keeps its logs.
    const kept = new Set<number>();
    for (let at = 0; at < ids.length; at += 500) {
      const part = ids.slice(at, at + 500);
      (await trx.selectFrom('blocks').select('id').where('id', 'in', part).execute()).forEach((r) => kept.add(r.id));
      (await trx.selectFrom('history').select('block_id').where('block_id', 'in', part).where('finished_at', '>=', before).execute()).forEach((r) => kept.add(r.block_id));
    }
    if (!opts.dryRun) await trx.deleteFrom('history').where('finished_at', '<', before).execute();
    return { entries: old.length, goneBlocks: ids.filter((id) => !kept.has(id)) };
  });
}
