/** The rows `stats` aggregates: finished history entries in a window, optionally of some tags or one run. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hasTag } from './tag-match.js';
import { decodeTags } from '../queue/rows.js';

export interface StatsRow {
  tags: string[];
  outcome: string;
  durationMs: number;
  attempts: number;
  /** the run (`workblock run`) a block belonged to, and that run's name */
  run: string | null;
  runName?: string | null;
}

export interface StatsQuery {
  /** only entries finished at or after this time (ms) */
  since?: number;
  tag?: string[];
  /** only the blocks of this run id */
  run?: string;
}

export async function readStatsRows(db: Kysely<Database>, opts: StatsQuery = {}): Promise<StatsRow[]> {
  let q = db
    .selectFrom('history')
    .leftJoin('runs', 'runs.id', 'history.batch')
    .select(['history.tags', 'history.outcome', 'history.duration_ms', 'history.attempts', 'history.batch', 'runs.name as run_name']);
  if (opts.since !== undefined) q = q.where('history.finished_at', '>=', opts.since);
  if (opts.run !== undefined) q = q.where('history.batch', '=', opts.run);
  for (const t of opts.tag ?? []) q = q.where(hasTag(db, 'history.tags', t));
  const rows = await q.execute();
  return rows.map((r) => ({ tags: decodeTags(r.tags), outcome: r.outcome, durationMs: r.duration_ms, attempts: r.attempts, run: r.batch, runName: r.run_name }));
}
