/** Batch runs (`workblock run`): the run's own row, and where its blocks are now (queue or history). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { UsageError } from '../errors.js';

export interface RunInfo {
  id: string;
  name: string | null;
  file: string | null;
  createdAt: number;
}

export interface RunState {
  run: RunInfo;
  /** queued blocks of the run by state (pending, running, failed, blocked) */
  queued: Record<string, number>;
  /** history entries of the run by outcome */
  finished: Record<string, number>;
}

export async function recordRun(db: Kysely<Database>, run: RunInfo): Promise<void> {
  await db.insertInto('runs').values({ id: run.id, name: run.name, file: run.file, created_at: run.createdAt }).execute();
}

export async function getRun(db: Kysely<Database>, id: string): Promise<RunInfo> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new UsageError(`no run "${id}": \`workblock run\` prints the id of each run it starts`);
  return { id: row.id, name: row.name, file: row.file, createdAt: row.created_at };
}

export async function runState(db: Kysely<Database>, id: string): Promise<RunState> {
  const run = await getRun(db, id);
  const queued = await db.selectFrom('blocks').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('batch', '=', id).groupBy('status').execute();
  const finished = await db.selectFrom('history').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('batch', '=', id).groupBy('outcome').execute();
  return {
    run,
    queued: Object.fromEntries(queued.map((r) => [r.status, Number(r.n)])),
    finished: Object.fromEntries(finished.map((r) => [r.outcome, Number(r.n)])),
  };
}

/** Every block id of a run, queued or finished, in order. */
export async function runBlockIds(db: Kysely<Database>, id: string): Promise<number[]> {
  await getRun(db, id);
  const queued = await db.selectFrom('blocks').select('id').where('batch', '=', id).execute();
  const past = await db.selectFrom('history').select('block_id').where('batch', '=', id).execute();
  return [...new Set([...queued.map((r) => r.id), ...past.map((r) => r.block_id)])].sort((a, b) => a - b);
}
