/**
 * Settling blocks without a command on PostgreSQL in one statement: DELETE ... RETURNING feeds the
 * history INSERT inside the server, from the block and the outcome recorded on it when it was claimed
 * (nothing to redact: no command). Before, 200 deleted rows travelled to the executor and back as a
 * 3,600-parameter INSERT: two round trips and most of the executor's CPU per block (bench case 9).
 * The SQLite twin is completeNotes in ../settle.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lease } from '../lease.js';

export async function settleNotesOnPostgres(db: Kysely<Database>, lease: Lease, ids: number[]): Promise<void> {
  if (!ids.length) return;
  // Only the lease holder's blocks, and only those whose outcome was recorded at claim.
  await sql`
    with gone as (
      delete from blocks
      where id = any(${ids}::bigint[]) and lease_owner = ${lease.owner} and command is null and outcome is not null
      returning *
    )
    insert into history (block_id, task, result, insight, next_step, priority, tags, name, batch, command, outcome, exit_code, duration_ms, attempts, last_error, created_at, started_at, finished_at)
    select id, task, result, insight, next_step, priority, tags,
      -- A batch block's name is kept per run (run_name): history shows it like any name.
      coalesce(name, run_name), batch, command, 'success',
      (o ->> 'exitCode')::bigint, coalesce(round((o ->> 'durationMs')::numeric), 0), attempts, last_error, created_at,
      (o ->> 'startedAt')::bigint, (o ->> 'finishedAt')::bigint
    from (select *, outcome::jsonb as o from gone) settled`.execute(db);
}
