/** Reading the queue: pending blocks in execution order, counts, single blocks with their dependencies. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hasTag } from '../store/tag-match.js';
import { UsageError } from '../errors.js';
import { rowToBlock } from './rows.js';
import type { WorkBlock } from './types.js';

export interface ListOptions {
  tag?: string[];
  limit?: number;
  /** include running, failed and blocked blocks, not only pending ones */
  all?: boolean;
  ids?: number[];
  /** a unique name, or a batch command's name in its run */
  name?: string;
  /** only the blocks of this run */
  run?: string;
}

export async function listBlocks(db: Kysely<Database>, opts: ListOptions = {}): Promise<WorkBlock[]> {
  let q = db.selectFrom('blocks').selectAll();
  if (!opts.all) q = q.where('status', '=', 'pending');
  for (const tag of opts.tag ?? []) q = q.where(hasTag(db, 'tags', tag));
  if (opts.ids) q = q.where('id', 'in', opts.ids.length ? opts.ids : [-1]);
  if (opts.name !== undefined) q = q.where((eb) => eb.or([eb('name', '=', opts.name!), eb('run_name', '=', opts.name!)]));
  if (opts.run !== undefined) q = q.where('batch', '=', opts.run);
  if (opts.all) q = q.orderBy('status'); // keeps the index order inside each state
  q = q.orderBy('priority', 'desc').orderBy('id', 'asc');
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  const rows = await q.execute();
  const deps = await dependenciesOf(db, rows.map((r) => r.id));
  return rows.map((r) => rowToBlock(r, deps.get(r.id)));
}

/** Counts queued blocks; with `cap`, stops counting there (execute only needs "at least N"). */
export async function countBlocks(db: Kysely<Database>, opts: { tag?: string[]; all?: boolean; cap?: number } = {}): Promise<number> {
  if (!opts.tag?.length) {
    // Triggers keep these counts, so a million blocks cost nothing to count.
    let counts = db.selectFrom('block_counts').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), eb.lit(0)).as('n'));
    if (!opts.all) counts = counts.where('status', '=', 'pending');
    const n = Number((await counts.executeTakeFirstOrThrow()).n);
    return opts.cap === undefined ? n : Math.min(n, opts.cap);
  }
  let q = db.selectFrom('blocks').select('id');
  if (!opts.all) q = q.where('status', '=', 'pending');
  for (const tag of opts.tag ?? []) q = q.where(hasTag(db, 'tags', tag));
  if (opts.cap !== undefined) q = q.limit(opts.cap);
  const row = await db.selectFrom(q.as('counted')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countByStatus(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('block_counts').select(['status', 'n']).execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function dependenciesOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (let at = 0; at < ids.length; at += 500) {
    const rows = await db.selectFrom('block_deps').select(['block_id', 'depends_on_id']).where('block_id', 'in', ids.slice(at, at + 500)).execute();
    for (const r of rows) out.set(r.block_id, [...(out.get(r.block_id) ?? []), r.depends_on_id]);
  }
  return out;
}

/** Finds a queued block by id or name; throws a UsageError naming the fix when there is none. */
export async function getBlock(db: Kysely<Database>, ref: string | number): Promise<WorkBlock> {
  const text = String(ref);
  const q = db.selectFrom('blocks').selectAll();
  // A name is a queued block's unique name, else a batch command's name in its latest run.
  const row = /^\d+$/.test(text)
    ? await q.where('id', '=', Number(text)).executeTakeFirst()
    : ((await q.where('name', '=', text).executeTakeFirst()) ?? (await q.where('run_name', '=', text).orderBy('id', 'desc').executeTakeFirst()));
  if (!row) throw new UsageError(`no queued block ${/^\d+$/.test(text) ? '#' : ''}${text}: see \`workblock list --all\` or \`workblock history\``);
  return rowToBlock(row, (await dependenciesOf(db, [row.id])).get(row.id));
}

export async function runningBlocks(db: Kysely<Database>): Promise<WorkBlock[]> {
  return (await db.selectFrom('blocks').selectAll().where('status', '=', 'running').orderBy('started_at').execute()).map((r) => rowToBlock(r));
}

/** Pending blocks waiting for a retry's not-before time. */
export async function countRetrying(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const row = await db.selectFrom('blocks').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').where('attempts', '>', 0).where('run_at', '>', now).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the oldest pending block (with these tags) was added, or null when none is pending. */
export async function oldestPendingAt(db: Kysely<Database>, tags: string[] = []): Promise<number | null> {
  let q = db.selectFrom('blocks').select((eb) => eb.fn.min<number>('created_at').as('at')).where('status', '=', 'pending');
  for (const tag of tags) q = q.where(hasTag(db, 'tags', tag));
  const row = await q.executeTakeFirst();
  return row?.at ?? null;
}
