/** Settling blocks whose command ended: to history, to retry, to failed, or kept for re-delivery. */
import { sql, type Kysely } from 'kysely';
import type { BlockRow, Database, NewHistoryRow } from '../db/schema.js';
import { redactText } from '../format/redact.js';
import type { Lease } from './lease.js';
import { release } from './requeue.js';
import { isPostgres } from '../db/dialect.js';
import { settleNotesOnPostgres } from './postgres/settle-notes.js';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';

export type Settlement =
  | { kind: 'success'; block: WorkBlock; outcome: ExecOutcome }
  | { kind: 'failed'; block: WorkBlock; outcome: ExecOutcome }
  | { kind: 'retry'; block: WorkBlock; outcome: ExecOutcome; runAt: number }
  /** ran, but a logger refused it: keep the outcome so the next execute only re-delivers */
  | { kind: 'undelivered'; block: WorkBlock; outcome: ExecOutcome; error: string };

const CHUNK = 400;

function historyRow(row: BlockRow, outcome: ExecOutcome, kind: 'success' | 'failed', host: string): NewHistoryRow {
  return {
    block_id: row.id,
    task: row.task,
    result: row.result,
    insight: row.insight,
    next_step: row.next_step,
    priority: row.priority,
    tags: row.tags,
    // A batch block's name is kept per run (run_name): history shows it like any name.
    name: row.name ?? row.run_name,
    batch: row.batch,
    // History outlives the block and its env: keep the command with secret values masked.
    command: row.command && redactText(row.command, row.env ? (JSON.parse(row.env) as Record<string, string>) : {}),
    outcome: kind,
    exit_code: outcome.exitCode,
    duration_ms: Math.round(outcome.durationMs),
    attempts: row.attempts,
    last_error: kind === 'failed' ? outcome.error : row.last_error,
    created_at: row.created_at,
    started_at: outcome.startedAt,
    finished_at: outcome.finishedAt,
    host,
  };
}

/** Applies settlements in the caller's transaction; only blocks this lease still owns are touched. */
export async function settle(trx: Kysely<Database>, lease: Lease, items: Settlement[]): Promise<void> {
  await complete(trx, lease, items.filter((s) => s.kind === 'success') as Array<Extract<Settlement, { kind: 'success' }>>);
  for (const s of items) {
    if (s.kind === 'failed') await failForGood(trx, lease, s.block, s.outcome);
    if (s.kind === 'retry') await release(trx, lease, s.block.id, { run_at: s.runAt, last_error: s.outcome.error, outcome: null });
    if (s.kind === 'undelivered') await release(trx, lease, s.block.id, { last_error: s.error, outcome: JSON.stringify(s.outcome) });
  }
}

async function complete(trx: Kysely<Database>, lease: Lease, items: Array<{ block: WorkBlock; outcome: ExecOutcome }>): Promise<void> {
  const inDatabase = (s: { block: WorkBlock }) => s.block.command === null;
  const notes = items.filter(inDatabase).map((s) => s.block.id);
  if (isPostgres(trx)) await settleNotesOnPostgres(trx, lease, notes);
  else for (let at = 0; at < notes.length; at += CHUNK) await completeNotes(trx, lease, notes.slice(at, at + CHUNK));
  await completeCommands(trx, lease, items.filter((s) => !inDatabase(s)));
}

/**
 * Blocks without a command, the bulk of a big queue: their history rows are copied inside SQLite, from
 * the block and the outcome recorded on it when it was claimed, with nothing to redact (no command).
 * Building 400-row INSERTs in JS from DELETE ... RETURNING * cost more than SQLite's own work: about a
 * fifth of `execute 10000`'s CPU and a third of its allocations (--cpu-prof, sampling heap profiler).
 */
async function completeNotes(trx: Kysely<Database>, lease: Lease, ids: number[]): Promise<void> {
  const outcome = (field: string) => sql<number | null>`json_extract(outcome, ${`$.${field}`})`;
  await trx
    .insertInto('history')
    .columns(['block_id', 'task', 'result', 'insight', 'next_step', 'priority', 'tags', 'name', 'batch', 'command', 'outcome', 'exit_code', 'duration_ms', 'attempts', 'last_error', 'created_at', 'started_at', 'finished_at', 'host'])
    .expression((eb) =>
      eb
        .selectFrom('blocks')
        .select((b) => [
          'id',
          'task',
          'result',
          'insight',
          'next_step',
          'priority',
          'tags',
          // A batch block's name is kept per run (run_name): history shows it like any name.
          b.fn.coalesce('name', 'run_name').as('name'),
          'batch',
          'command',
          sql.lit('success').as('outcome'),
          outcome('exitCode').as('exit_code'),
          sql<number>`coalesce(round(json_extract(outcome, '$.durationMs')), 0)`.as('duration_ms'),
          'attempts',
          'last_error',
          'created_at',
          outcome('startedAt').as('started_at'),
          outcome('finishedAt').as('finished_at'),
          'lease_host',
        ])
        .where('id', 'in', ids)
        .where('lease_owner', '=', lease.owner)
        .where('command', 'is', null)
        .where('outcome', 'is not', null),
    )
    .execute();
  await trx.deleteFrom('blocks').where('id', 'in', ids).where('lease_owner', '=', lease.owner).where('command', 'is', null).where('outcome', 'is not', null).execute();
}

async function completeCommands(trx: Kysely<Database>, lease: Lease, items: Array<{ block: WorkBlock; outcome: ExecOutcome }>): Promise<void> {
  const outcomes = new Map(items.map((s) => [s.block.id, s.outcome]));
  const ids = [...outcomes.keys()];
  for (let at = 0; at < ids.length; at += CHUNK) {
    const gone = await trx.deleteFrom('blocks').where('id', 'in', ids.slice(at, at + CHUNK)).where('lease_owner', '=', lease.owner).returningAll().execute();
    if (gone.length) await trx.insertInto('history').values(gone.map((row) => historyRow(row, outcomes.get(row.id)!, 'success', lease.host))).execute();
  }
}

async function failForGood(trx: Kysely<Database>, lease: Lease, block: WorkBlock, outcome: ExecOutcome): Promise<void> {
  const row = await trx
    .updateTable('blocks')
    .set({ status: 'failed', finished_at: outcome.finishedAt, last_error: outcome.error, outcome: null, lease_owner: null, lease_pid: null, lease_host: null, lease_until: null, child_pid: null })
    .where('id', '=', block.id)
    .where('lease_owner', '=', lease.owner)
    .returningAll()
    .executeTakeFirst();
  if (!row) return;
  await trx.insertInto('history').values(historyRow(row, outcome, 'failed', lease.host)).execute();
  await blockDependents(trx, block);
}

/** Every block that waits, directly or not, on a failed block becomes blocked, with the reason. */
export async function blockDependents(trx: Kysely<Database>, failed: Pick<WorkBlock, 'id' | 'name'>): Promise<void> {
  const reason = `dependency #${failed.id}${failed.name ? ` (${failed.name})` : ''} failed`;
  let frontier = [failed.id];
  const seen = new Set(frontier);
  while (frontier.length) {
    const next = (await trx.selectFrom('block_deps').select('block_id').where('depends_on_id', 'in', frontier).execute())
      .map((r) => r.block_id)
      .filter((id) => !seen.has(id));
    next.forEach((id) => seen.add(id));
    if (next.length) await trx.updateTable('blocks').set({ status: 'blocked', last_error: reason }).where('id', 'in', next).where('status', '=', 'pending').execute();
    frontier = next;
  }
}
