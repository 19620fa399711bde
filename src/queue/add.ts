/** Adds blocks in one transaction: idempotency keys, names, dependencies and cycle checks, all or nothing. */
import type { Kysely } from 'kysely';
import { UsageError } from '../errors.js';
import { SchemaError } from '../schema/errors.js';
import type { Database, NewBlockRow } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { isPostgres } from '../db/dialect.js';
import { refreshPlannerStats } from '../store/postgres/planner-stats.js';
import { findCycle } from './graph.js';
import { encodeTags } from './rows.js';
import type { NewBlock } from './types.js';

/** Rows per INSERT: well under SQLite's bound-parameter limit for our column count. */
const CHUNK = 400;

export interface AddResult {
  ids: number[];
  /** true where an idempotency key matched an existing block and nothing was added */
  existed: boolean[];
}

/** Row fields an import sets beyond a new block's (its id, state and times as exported). */
export type RowExtras = Partial<Pick<NewBlockRow, 'id' | 'status' | 'attempts' | 'run_at' | 'created_at' | 'started_at' | 'finished_at' | 'last_error' | 'outcome' | 'import_key'>>;

/**
 * Every column is set on every row: in a multi-row INSERT, SQLite would put NULL where a row omits one.
 * Blocks arrive checked by the block schema (schema/block.ts): Queue.add, `add`, import and batch files.
 */
function toRow(b: NewBlock, now: number): NewBlockRow {
  return {
    task: b.task,
    result: b.result ?? '',
    insight: b.insight ?? '',
    next_step: b.nextStep ?? '',
    priority: b.priority ?? 0,
    tags: encodeTags(b.tags ?? []),
    name: b.name ?? null,
    idem_key: b.key ?? null,
    command: b.command ? JSON.stringify(b.command) : null,
    cwd: b.command ? (b.cwd ?? null) : null,
    env: b.env && Object.keys(b.env).length ? JSON.stringify(b.env) : null,
    timeout_ms: b.timeoutMs || null,
    max_retries: b.maxRetries ?? 0,
    retry_delay_ms: b.retryDelayMs ?? 1000,
    run_at: b.runAt ?? 0,
    check_command: b.check ?? null,
    created_at: now,
    batch: b.batch ?? null,
    run_name: b.runName ?? null,
  };
}

export async function addBlocks(db: Kysely<Database>, blocks: NewBlock[], where: (i: number) => string = () => ''): Promise<AddResult> {
  const added = await withImmediateTransaction(db, (trx) => insertBlocks(trx, blocks, where));
  if (isPostgres(db)) await refreshPlannerStats(db, blocks.length);
  return added;
}

/** The body of addBlocks, for callers that already hold a write transaction (import). */
export async function insertBlocks(trx: Kysely<Database>, blocks: NewBlock[], where: (i: number) => string = () => '', extras?: (i: number) => RowExtras): Promise<AddResult> {
  checkBatchNames(blocks, where);
  const now = Date.now();
  const ids: number[] = new Array(blocks.length);
  const existed: boolean[] = blocks.map(() => false);
  const firstWithKey = await reuseKeys(trx, blocks, ids, existed);
  await rejectTakenNames(trx, blocks, existed, where);
  const fresh = blocks.map((b, i) => i).filter((i) => !existed[i]);
  // An import sets ids itself: one row at a time, so each id is the one RETURNING gives.
  if (extras) for (const i of fresh) ids[i] = (await trx.insertInto('blocks').values({ ...toRow(blocks[i], now), ...extras(i) }).returning('id').executeTakeFirstOrThrow()).id;
  for (let at = 0; !extras && at < fresh.length; at += CHUNK) {
    const part = fresh.slice(at, at + CHUNK);
    const rows = await trx.insertInto('blocks').values(part.map((i) => toRow(blocks[i], now))).returning('id').execute();
    // One multi-row INSERT assigns increasing ids in VALUES order.
    const got = rows.map((r) => r.id).sort((a, b) => a - b);
    part.forEach((i, k) => (ids[i] = got[k]));
  }
  // A key repeated inside one input gets the id of its first line.
  blocks.forEach((b, i) => {
    if (ids[i] === undefined && b.key) ids[i] = ids[firstWithKey.get(b.key)!];
  });
  await linkDependencies(trx, blocks, ids, existed, where);
  return { ids, existed };
}

function checkBatchNames(blocks: NewBlock[], where: (i: number) => string): void {
  const seen = new Set<string>();
  blocks.forEach((b, i) => {
    if (!b.name) return;
    if (seen.has(b.name)) throw refused(where(i), 'name', `"${b.name}" is used twice`, 'names must be unique');
    seen.add(b.name);
  });
}

async function reuseKeys(trx: Kysely<Database>, blocks: NewBlock[], ids: number[], existed: boolean[]): Promise<Map<string, number>> {
  const firstInBatch = new Map<string, number>();
  const keys = [...new Set(blocks.map((b) => b.key).filter((k): k is string => !!k))];
  if (!keys.length) return firstInBatch;
  const found = new Map<string, number>();
  for (let at = 0; at < keys.length; at += CHUNK) {
    const rows = await trx.selectFrom('blocks').select(['id', 'idem_key']).where('idem_key', 'in', keys.slice(at, at + CHUNK)).execute();
    rows.forEach((r) => found.set(r.idem_key!, r.id));
  }
  blocks.forEach((b, i) => {
    if (!b.key) return;
    const id = found.get(b.key);
    if (id !== undefined) {
      ids[i] = id;
      existed[i] = true;
    } else if (firstInBatch.has(b.key)) {
      existed[i] = true; // same key twice in one input: the first one wins
    } else firstInBatch.set(b.key, i);
  });
  return firstInBatch;
}

async function rejectTakenNames(trx: Kysely<Database>, blocks: NewBlock[], existed: boolean[], where: (i: number) => string): Promise<void> {
  const named = blocks.map((b, i) => ({ name: b.name, i })).filter((x) => x.name && !existed[x.i]);
  if (!named.length) return;
  const taken = await trx.selectFrom('blocks').select('name').where('name', 'in', named.map((x) => x.name!)).execute();
  if (taken.length) {
    const first = named.find((x) => x.name === taken[0].name)!;
    throw refused(where(first.i), 'name', `"${first.name}" is taken by a queued block`, 'pick another name');
  }
}

async function linkDependencies(trx: Kysely<Database>, blocks: NewBlock[], ids: number[], existed: boolean[], where: (i: number) => string): Promise<void> {
  const batchNames = new Map<string, number>();
  blocks.forEach((b, i) => b.name && !existed[i] && batchNames.set(b.name, i));
  const edges: Array<{ block_id: number; depends_on_id: number }> = [];
  const graph: Array<{ key: string; deps: string[] }> = [];
  for (let i = 0; i < blocks.length; i++) {
    const after = blocks[i].after ?? [];
    const siblings = blocks[i].afterIndex ?? [];
    if (existed[i] || (!after.length && !siblings.length)) continue;
    const deps: string[] = [];
    for (const j of siblings) {
      if (ids[j] === undefined || j === i) throw refused(where(i), 'after', `bad dependency on entry ${j + 1}`, 'depend on another entry');
      edges.push({ block_id: ids[i], depends_on_id: ids[j] });
      deps.push(String(ids[j]));
    }
    for (const ref of after) {
      const target = await resolveDependency(trx, ref, batchNames, ids, where(i));
      if (target === null) continue; // already completed successfully
      if (target === ids[i]) throw refused(where(i), 'after', `dependency cycle: ${blockLabel(blocks[i], ids[i])} depends on itself`, 'remove the dependency');
      edges.push({ block_id: ids[i], depends_on_id: target });
      deps.push(String(target));
    }
    graph.push({ key: String(ids[i]), deps });
  }
  const cycle = findCycle(graph);
  if (cycle) {
    const label = (id: string) => blockLabel(blocks[ids.indexOf(Number(id))], Number(id));
    throw new UsageError(`dependency cycle: ${cycle.map(label).join(' -> ')}; remove one of these dependencies`);
  }
  // An id and a name can point at the same block: one edge each.
  const unique = [...new Map(edges.map((e) => [`${e.block_id}>${e.depends_on_id}`, e])).values()];
  for (let at = 0; at < unique.length; at += CHUNK) await trx.insertInto('block_deps').values(unique.slice(at, at + CHUNK)).execute();
  await blockBehindFailures(trx, unique);
}

/** A refusal only the database can make, in the block schema's format: WHERE: FIELD: problem: fix. */
function refused(where: string, field: string, problem: string, fix: string): SchemaError {
  return new SchemaError(field, problem, fix, where.replace(/: $/, ''));
}

function blockLabel(b: NewBlock | undefined, id: number): string {
  return b?.name ? `${b.name}` : `#${id}`;
}

/** Resolves `--after` to a queued block id, or null when it already completed successfully. */
export async function resolveDependency(trx: Kysely<Database>, ref: number | string, batchNames: Map<string, number>, ids: number[], where: string): Promise<number | null> {
  const text = String(ref).trim();
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    if (await trx.selectFrom('blocks').select('id').where('id', '=', id).executeTakeFirst()) return id;
    if (await trx.selectFrom('history').select('block_id').where('block_id', '=', id).where('outcome', '=', 'success').executeTakeFirst()) return null;
    throw refused(where, 'after', `unknown dependency #${id}`, 'no queued or completed block has that id');
  }
  if (batchNames.has(text)) return ids[batchNames.get(text)!];
  const queued = await trx.selectFrom('blocks').select('id').where('name', '=', text).executeTakeFirst();
  if (queued) return queued.id;
  if (await trx.selectFrom('history').select('block_id').where('name', '=', text).where('outcome', '=', 'success').executeTakeFirst()) return null;
  throw refused(where, 'after', `unknown dependency "${text}"`, 'no queued or completed block has that name');
}

/** A block added behind a failed or blocked one is blocked at once, with the reason. */
async function blockBehindFailures(trx: Kysely<Database>, edges: Array<{ block_id: number; depends_on_id: number }>): Promise<void> {
  if (!edges.length) return;
  const targets = [...new Set(edges.map((e) => e.depends_on_id))];
  const bad = await trx.selectFrom('blocks').select('id').where('id', 'in', targets).where('status', 'in', ['failed', 'blocked']).execute();
  for (const { id } of bad) {
    const dependents = edges.filter((e) => e.depends_on_id === id).map((e) => e.block_id);
    await trx.updateTable('blocks').set({ status: 'blocked', last_error: `dependency #${id} failed` }).where('id', 'in', dependents).where('status', '=', 'pending').execute();
  }
}
