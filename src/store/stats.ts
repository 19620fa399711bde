/** The rows `stats` aggregates: finished history entries in a window, optionally with one tag. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { decodeTags } from '../queue/rows.js';

export interface StatsRow {
  tags: string[];
  outcome: string;
  durationMs: number;
  attempts: number;
  /** the batch run a block belonged to, when history records it */
  run: string | null;
}

export interface StatsQuery {
  /** only entries finished at or after this time (ms) */
  since?: number;
  tag?: string[];
}

export async function readStatsRows(db: Kysely<Database>, opts: StatsQuery = {}): Promise<StatsRow[]> {
  let q = db.selectFrom('history').select(['tags', 'outcome', 'duration_ms', 'attempts']);
  if (opts.since !== undefined) q = q.where('finished_at', '>=', opts.since);
  // Tags are stored as ",a,b," so one LIKE per tag matches whole tags only.
  for (const t of opts.tag ?? []) q = q.where('tags', 'like', `%,${t},%`);
  const rows = await q.execute();
  return rows.map((r) => ({ tags: decodeTags(r.tags), outcome: r.outcome, durationMs: r.duration_ms, attempts: r.attempts, run: null }));
}
