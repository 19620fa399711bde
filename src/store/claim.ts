/** Claiming: pick ready blocks in order and lease them to this executor, inside the caller's write transaction. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Lease } from './lease.js';
import { readPause } from '../queue/pause.js';
import { BLOCK_FIELDS, rowToBlock } from '../queue/rows.js';
import type { WorkBlock } from '../queue/types.js';
import { readyBlocks, type ReadyFilter } from './ready.js';

export interface ClaimRequest extends ReadyFilter {
  /** most blocks to take */
  max: number;
  /** free slots for blocks that run a command; blocks without one cost no slot */
  commandSlots: number;
  /** ids not to take (say, a block whose delivery failed a moment ago); they do not count against max */
  excludeIds?: ReadonlySet<number>;
  /** when set, only retries (blocks that ran before) among these ids may be taken */
  retriesOf?: ReadonlySet<number>;
}

export interface ClaimResult {
  blocks: WorkBlock[];
  paused: boolean;
}

/** What a claim leased inside the write transaction: its rows are read once it commits (readLeased). */
export interface Leased {
  ids: number[];
  paused: boolean;
}

/**
 * A block without a command has nothing to run: claiming it is its run, so its outcome is recorded in
 * the same statement, before any logger sees it (a re-delivery after a crash is then recognisable).
 */
function noteOutcome(now: number) {
  return sql<string | null>`case when command is null and outcome is null then json_object(
    'ok', json('true'), 'exitCode', null, 'signal', null, 'timedOut', json('false'), 'durationMs', 0,
    'stdoutTail', '', 'stderrTail', '', 'error', null, 'attempt', attempts + 1, 'startedAt', ${now}, 'finishedAt', ${now}
  ) else outcome end`;
}

/**
 * Leases the next ready blocks to this executor, inside the caller's write transaction (SQLite).
 * Only ids come back: reading the leased rows takes as long as leasing them, and with several
 * executors the write lock is what they queue for, so the rows are read after the commit
 * (readLeased). Nobody else writes a leased row meanwhile: the lease is ours until we end it.
 */
export async function leaseReady(trx: Kysely<Database>, lease: Lease, req: ClaimRequest): Promise<Leased> {
  const pause = await readPause(trx);
  if (pause.all) return { ids: [], paused: true };
  // Each row read costs: read max rows, and one more for each excluded id that may be among them.
  let query = readyBlocks(trx, { ...req, excludeTags: pause.tags }, req.max + (req.excludeIds?.size ?? 0)).select(['id', 'command', 'outcome']);
  if (req.retriesOf) query = query.where('attempts', '>', 0);
  const candidates = (await query.execute()).filter((c) => !req.retriesOf || req.retriesOf.has(c.id));
  const taken: number[] = [];
  let slots = req.commandSlots;
  for (const c of candidates) {
    if (taken.length >= req.max) break;
    if (req.excludeIds?.has(c.id)) continue;
    const runsCommand = c.command !== null && c.outcome === null;
    // Stop rather than skip, so a command block is never overtaken by later ones.
    if (runsCommand && slots === 0) break;
    if (runsCommand) slots--;
    taken.push(c.id);
  }
  if (!taken.length) return { ids: [], paused: false };
  const now = Date.now();
  await trx
    .updateTable('blocks')
    .set((eb) => ({
      status: 'running',
      started_at: now,
      attempts: eb('attempts', '+', 1),
      outcome: noteOutcome(now),
      lease_owner: lease.owner,
      lease_pid: lease.pid,
      lease_host: lease.host,
      lease_until: now + lease.ms,
    }))
    .where('id', 'in', taken)
    .execute();
  return { ids: taken, paused: false };
}

/** The rows of blocks leased to this executor, in the order they were leased. */
export async function readLeased(db: Kysely<Database>, lease: Lease, leased: Leased): Promise<ClaimResult> {
  if (!leased.ids.length) return { blocks: [], paused: leased.paused };
  const rows = await db.selectFrom('blocks').select(BLOCK_FIELDS).where('id', 'in', leased.ids).where('lease_owner', '=', lease.owner).execute();
  const byId = new Map(rows.map((r) => [r.id, rowToBlock(r)]));
  // (a row gone since, say removed by hand, is not ours to run)
  return { blocks: leased.ids.flatMap((id) => byId.get(id) ?? []), paused: leased.paused };
}
