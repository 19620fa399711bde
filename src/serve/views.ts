/**
 * What the dashboard shows, as JSON: the queue by state, recent history with its series, the runs,
 * a run's dependency graph and one block's detail. Everything passes through the CLI's JSON shapes
 * (blockJson, historyJson), which redact secrets the same way `list --json` and `history --json` do.
 */
import { UsageError } from '../errors.js';
import { blockJson } from '../format/block-list.js';
import { historyJson } from '../format/history-list.js';
import { blocksInState, finishedSince, graphBlocks, queuedRuns, retryingBlocks, type BoardState } from '../queue/board.js';
import { levels } from '../queue/graph.js';
import { historyStats } from '../queue/history.js';
import { countByStatus } from '../queue/list.js';
import { readPause } from '../queue/pause.js';
import type { Queue } from '../workblock.js';
import type { HistoryEntry, WorkBlock } from '../queue/types.js';
import { bucketize } from './series.js';

/** Blocks listed per state; the counts are always complete. */
const PER_STATE = 100;
const RECENT = 30;
const GRAPH_NODES = 300;
const SERIES_BUCKETS = 24;
const SERIES_POINTS = 50_000;
const STATES: BoardState[] = ['running', 'pending', 'retry', 'failed', 'blocked'];

/** A block as `list --json` shows it (ISO times; the page parses them). */
export function blockView(b: WorkBlock) {
  return blockJson(b);
}

export function historyView(h: HistoryEntry) {
  return { ...historyJson(h), history_id: h.historyId };
}

export async function boardView(q: Queue, now = Date.now()) {
  const [byStatus, retrying, paused, stats, recent, runs, points] = await Promise.all([
    countByStatus(q.db),
    retryingBlocks(q.db, PER_STATE, now),
    readPause(q.db),
    historyStats(q.db),
    q.history({ limit: RECENT }),
    queuedRuns(q.db),
    finishedSince(q.db, now - 24 * 3_600_000, SERIES_POINTS),
  ]);
  const lists = await Promise.all(STATES.map((s) => (s === 'retry' ? retrying.blocks : blocksInState(q.db, s, PER_STATE, now))));
  return {
    now,
    paused,
    counts: {
      pending: (byStatus.pending ?? 0) - retrying.count,
      retry: retrying.count,
      running: byStatus.running ?? 0,
      failed: byStatus.failed ?? 0,
      blocked: byStatus.blocked ?? 0,
    },
    blocks: Object.fromEntries(STATES.map((s, i) => [s, lists[i].map(blockView)])),
    history: {
      total: stats.total,
      successful: stats.successful,
      success_rate: stats.total ? stats.successful / stats.total : null,
      avg_ms: stats.averageMs === null ? null : Math.round(stats.averageMs),
      recent: recent.map(historyView),
      series: bucketize(points, now, 3_600_000, SERIES_BUCKETS),
    },
    runs,
  };
}

/** A run's (or the whole queue's) dependency graph laid out by level: level = column, order = row. */
export async function graphView(q: Queue, batch: string | null) {
  const blocks = await graphBlocks(q.db, batch, GRAPH_NODES);
  const ids = new Set(blocks.map((b) => b.id));
  const columns = levels(blocks.map((b) => ({ key: String(b.id), deps: b.dependsOn.map(String) })));
  const place = new Map<string, { level: number; row: number }>();
  columns.forEach((col, level) => col.forEach((key, row) => place.set(key, { level, row })));
  return {
    batch,
    truncated: blocks.length === GRAPH_NODES,
    nodes: blocks.map((b) => ({ ...blockView(b), ...place.get(String(b.id))! })),
    // Edges to blocks that already left the queue (finished) are gone with them.
    edges: blocks.flatMap((b) => b.dependsOn.filter((d) => ids.has(d)).map((d) => ({ from: d, to: b.id }))),
  };
}

/** One block: its queued row if it is still queued, and its history entries (newest first). */
export async function blockDetail(q: Queue, id: number) {
  const [queued, history] = await Promise.all([queuedBlock(q, id), q.history({ id, limit: 20 })]);
  return { id, block: queued ? blockView(queued) : null, history: history.map(historyView) };
}

/** The queued block, or null when it is not in the queue (finished or removed). */
export async function queuedBlock(q: Queue, id: number): Promise<WorkBlock | null> {
  try {
    return await q.show(id);
  } catch (e) {
    if (e instanceof UsageError) return null; // not queued (finished or removed): history may still know it
    throw e;
  }
}
