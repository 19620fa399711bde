/**
 * Waiting for blocks to finish (`workblock wait`): a block is finished when it left the queue (its
 * history says how it went), or when it is failed or blocked. Pending retries are not finished.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hasTag } from '../store/tag-match.js';
import { UsageError } from '../errors.js';
import { getRun } from './runs.js';

export interface WaitTargets {
  ids?: number[];
  tag?: string;
  /** a run id (the `batch` of the blocks `workblock run` queued) */
  run?: string;
}

export type WaitOutcome = 'success' | 'failed' | 'blocked' | 'removed';

export interface WaitResult {
  outcomes: Map<number, WaitOutcome>;
  /** ids still unfinished when the timeout passed */
  unfinished: number[];
}

const POLL_MS = 200;

/** The blocks to wait for, fixed when the wait starts: later additions are not waited for. */
export async function waitTargets(db: Kysely<Database>, t: WaitTargets): Promise<number[]> {
  if (t.ids?.length) {
    for (const id of t.ids) {
      const known = (await db.selectFrom('blocks').select('id').where('id', '=', id).executeTakeFirst()) ?? (await db.selectFrom('history').select('block_id').where('block_id', '=', id).executeTakeFirst());
      if (!known) throw new UsageError(`unknown block #${id}: see \`workblock list --all\` or \`workblock history\``);
    }
    return t.ids;
  }
  if (t.run !== undefined) await getRun(db, t.run);
  let q = db.selectFrom('blocks').select('id').orderBy('id');
  if (t.tag) q = q.where(hasTag(db, 'tags', t.tag));
  if (t.run) q = q.where('batch', '=', t.run);
  // (A run whose blocks all finished leaves nothing in the queue: nothing to wait for.)
  return (await q.execute()).map((r) => r.id);
}

async function outcomeOf(db: Kysely<Database>, id: number): Promise<WaitOutcome | null> {
  const row = await db.selectFrom('blocks').select('status').where('id', '=', id).executeTakeFirst();
  if (row) return row.status === 'failed' || row.status === 'blocked' ? row.status : null;
  const past = await db.selectFrom('history').select('outcome').where('block_id', '=', id).orderBy('history_id', 'desc').executeTakeFirst();
  return past ? (past.outcome as WaitOutcome) : 'removed';
}

export async function waitFor(db: Kysely<Database>, ids: number[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<WaitResult> {
  const outcomes = new Map<number, WaitOutcome>();
  const until = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  for (;;) {
    for (const id of ids) {
      if (outcomes.has(id)) continue;
      const o = await outcomeOf(db, id);
      if (o) outcomes.set(id, o);
    }
    const unfinished = ids.filter((id) => !outcomes.has(id));
    if (!unfinished.length || Date.now() >= until || opts.signal?.aborted) return { outcomes, unfinished };
    await sleep(POLL_MS);
  }
}
