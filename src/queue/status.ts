/** A snapshot of the queue for `workblock status`: counts by state, what runs now, how history went. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { historyStats } from './history.js';
import { countByStatus, countRetrying, runningBlocks } from './list.js';
import { readPause, type PauseState } from './pause.js';
import type { WorkBlock } from './types.js';

export interface QueueStatus {
  counts: { pending: number; retry: number; running: number; failed: number; blocked: number };
  running: WorkBlock[];
  history: { total: number; successful: number; successRate: number | null; averageMs: number | null };
  paused: PauseState;
}

export async function queueStatus(db: Kysely<Database>): Promise<QueueStatus> {
  const [byStatus, retry, running, stats, paused] = await Promise.all([countByStatus(db), countRetrying(db), runningBlocks(db), historyStats(db), readPause(db)]);
  return {
    counts: { pending: (byStatus.pending ?? 0) - retry, retry, running: byStatus.running ?? 0, failed: byStatus.failed ?? 0, blocked: byStatus.blocked ?? 0 },
    running,
    history: { ...stats, successRate: stats.total ? stats.successful / stats.total : null },
    paused,
  };
}
