/**
 * Bounded reads for the dashboard: one state's blocks (never the whole queue: it may hold a million),
 * the runs (batches) in the queue, a run's blocks with their dependencies, and history as a time series.
 */
import type { Kysely } from 'kysely';
import type { BlockRow, Database } from '../db/schema.js';
import { rowToBlock } from './rows.js';
import type { HistoryOutcome, WorkBlock } from './types.js';

/** What the board groups blocks by: the stored states, with `retry` split out of pending. */
export type BoardState = 'pending' | 'retry' | 'running' | 'failed' | 'blocked';

/** The first `limit` blocks in a state (retry: those waiting for their not-before time, soonest first). */
export async function blocksInState(db: Kysely<Database>, state: Exclude<BoardState, 'retry'>, limit: number, now = Date.now()): Promise<WorkBlock[]> {
  let q = db.selectFrom('blocks').selectAll().where('status', '=', state);
  // The same split as displayStatus(): a pending block that failed before and waits for its not-before time is `retry`.
  if (state === 'pending') q = q.where((eb) => eb.or([eb('attempts', '=', 0), eb('run_at', '<=', now)]));
  q = state === 'running' ? q.orderBy('started_at') : q.orderBy('priority', 'desc').orderBy('id');
  return withDependencies(db, await q.limit(limit).execute());
}

/**
 * Blocks waiting to retry, soonest first, and how many there are. Finding them reads every pending
 * row (no index covers attempts and run_at), so it is one scan for both, returning ids only.
 */
export async function retryingBlocks(db: Kysely<Database>, limit: number, now = Date.now()): Promise<{ count: number; blocks: WorkBlock[] }> {
  const waiting = await db.selectFrom('blocks').select('id').where('status', '=', 'pending').where('attempts', '>', 0).where('run_at', '>', now).orderBy('run_at').execute();
  const ids = waiting.slice(0, limit).map((r) => r.id);
  const rows = ids.length ? await db.selectFrom('blocks').selectAll().where('id', 'in', ids).orderBy('run_at').execute() : [];
  return { count: waiting.length, blocks: await withDependencies(db, rows) };
}

async function withDependencies(db: Kysely<Database>, rows: BlockRow[]): Promise<WorkBlock[]> {
  const deps = await dependencies(db, rows.map((r) => r.id));
  return rows.map((r) => rowToBlock(r, deps.get(r.id)));
}

export interface RunSummary {
  batch: string;
  /** the run's name (`run --name`, or its file's), when it has one */
  name: string | null;
  blocks: number;
  running: number;
  failed: number;
}

/** The runs (`workblock run` batches) that still have blocks in the queue, oldest first. */
export async function queuedRuns(db: Kysely<Database>, limit = 50): Promise<RunSummary[]> {
  const rows = await db
    .selectFrom('blocks as b')
    .leftJoin('runs as r', 'r.id', 'b.batch')
    .select((eb) => [
      'b.batch',
      eb.fn.max('r.name').as('name'),
      eb.fn.countAll<number>().as('blocks'),
      eb.fn.sum<number>(eb.case().when('b.status', '=', 'running').then(1).else(0).end()).as('running'),
      eb.fn.sum<number>(eb.case().when('b.status', '=', 'failed').then(1).else(0).end()).as('failed'),
    ])
    .where('b.batch', 'is not', null)
    .groupBy('b.batch')
    .orderBy((eb) => eb.fn.min('b.id'))
    .limit(limit)
    .execute();
  return rows.map((r) => ({ batch: r.batch!, name: r.name ?? null, blocks: Number(r.blocks), running: Number(r.running), failed: Number(r.failed) }));
}

/** A run's queued blocks (or, with batch null, every queued block) with their dependencies, at most `limit`. */
export async function graphBlocks(db: Kysely<Database>, batch: string | null, limit: number): Promise<WorkBlock[]> {
  let q = db.selectFrom('blocks').selectAll();
  if (batch !== null) q = q.where('batch', '=', batch);
  return withDependencies(db, await q.orderBy('id').limit(limit).execute());
}

async function dependencies(db: Kysely<Database>, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (let at = 0; at < ids.length; at += 500) {
    const rows = await db.selectFrom('block_deps').select(['block_id', 'depends_on_id']).where('block_id', 'in', ids.slice(at, at + 500)).execute();
    for (const r of rows) out.set(r.block_id, [...(out.get(r.block_id) ?? []), r.depends_on_id]);
  }
  return out;
}

export interface FinishedPoint {
  finishedAt: number;
  outcome: HistoryOutcome;
  durationMs: number;
}

/** History entries finished since `since`, oldest first, only the columns a chart needs; the newest `limit`. */
export async function finishedSince(db: Kysely<Database>, since: number, limit: number): Promise<FinishedPoint[]> {
  const rows = await db
    .selectFrom('history')
    .select(['finished_at', 'outcome', 'duration_ms'])
    .where('finished_at', '>=', since)
    .orderBy('finished_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ finishedAt: r.finished_at, outcome: r.outcome as HistoryOutcome, durationMs: r.duration_ms }));
}
