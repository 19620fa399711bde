/**
 * The claim on PostgreSQL as one statement: the pause check, the ready rows locked with FOR UPDATE
 * SKIP LOCKED, the command-slot rule and the lease, in one round trip (the shape of Oban's
 * fetch_jobs and graphile-worker's get_job). It was five: BEGIN, the pause read, the SELECT, the
 * UPDATE, COMMIT, each a wake-up of a server process; with 8 executors on 2 cores those context
 * switches, not the work, set the pace (bench case 9). Same rules as ../claim.ts and ../ready.ts.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BlockRow, Database } from '../../db/schema.js';
import { BLOCK_FIELDS, rowToBlock } from '../../queue/rows.js';
import type { ClaimRequest, ClaimResult } from '../claim.js';
import type { Lease } from '../lease.js';

/** The columns a claimed block needs (rowToBlock): no lease columns, nothing the executor drops. */
const BLOCK_COLUMNS = sql.raw(BLOCK_FIELDS.map((c) => `c.${c}`).join(', '));

/** The extra conditions of this request on "ready" (tags, run, excluded ids, retries only), ANDed in. */
function requestFilters(req: ClaimRequest): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  // Tags are stored as ",a,b," so one LIKE per tag matches whole tags only.
  for (const tag of req.tags ?? []) parts.push(sql`and b.tags like ${`%,${tag},%`}`);
  if (req.batch) parts.push(sql`and b.batch = ${req.batch}`);
  if (req.excludeIds?.size) parts.push(sql`and b.id <> all(${[...req.excludeIds]}::bigint[])`);
  if (req.retriesOf) parts.push(sql`and b.attempts > 0 and b.id = any(${[...req.retriesOf]}::bigint[])`);
  return sql.join(parts, sql` `);
}

export async function claimOnPostgres(db: Kysely<Database>, lease: Lease, req: ClaimRequest): Promise<ClaimResult> {
  const now = Date.now();
  // A block without a command has nothing to run: claiming it is its run, so its outcome is written
  // in this statement, before any logger sees it (a re-delivery after a crash is then recognisable).
  const { rows } = await sql<BlockRow & { paused: boolean }>`
    with pause as (
      select coalesce((select value::jsonb from settings where key = 'paused'), '{}'::jsonb) as p
    ), paused as (
      select coalesce((p ->> 'all')::boolean, false) as everything,
             array(select '%,' || t || ',%' from jsonb_array_elements_text(coalesce(p -> 'tags', '[]'::jsonb)) as t) as tag_patterns
      from pause
    ), picked as (
      select b.id, b.priority, (b.command is not null and b.outcome is null) as runs_command
      from blocks b
      where b.status = 'pending' and b.run_at <= ${now}::bigint
        -- Edges disappear when a dependency completes, so any edge left means "not yet".
        and not exists (select 1 from block_deps d where d.block_id = b.id)
        and not (select everything from paused)
        and not (b.tags like any ((select tag_patterns from paused)::text[]))
        ${requestFilters(req)}
      order by b.priority desc, b.id asc
      limit ${req.max}
      -- Executors on other hosts claim at the same moment: each takes the ready rows nobody else has locked.
      for update of b skip locked
    ), chosen as (
      select id from (
        select id, row_number() over w as n, count(*) filter (where runs_command) over w as commands
        from picked window w as (order by priority desc, id asc)
      ) ranked
      -- Stop rather than skip, so a command block is never overtaken by later ones: commands only grows.
      where n <= ${req.max} and commands <= ${req.commandSlots}
    ), c as (
      update blocks set
        status = 'running',
        started_at = ${now}::bigint,
        attempts = blocks.attempts + 1,
        outcome = case when blocks.command is null and blocks.outcome is null then json_build_object(
          'ok', true, 'exitCode', null, 'signal', null, 'timedOut', false, 'durationMs', 0,
          'stdoutTail', '', 'stderrTail', '', 'error', null, 'attempt', blocks.attempts + 1, 'startedAt', ${now}::bigint, 'finishedAt', ${now}::bigint
        )::text else blocks.outcome end,
        lease_owner = ${lease.owner},
        lease_pid = ${lease.pid}::bigint,
        lease_host = ${lease.host},
        lease_until = ${now + lease.ms}::bigint
      from chosen
      where blocks.id = chosen.id
      returning blocks.*
    )
    select (select everything from paused) as paused, ${BLOCK_COLUMNS}
    from (select 1) one left join c on true
    order by c.priority desc, c.id asc`.execute(db);
  const paused = rows[0]?.paused ?? false;
  return { blocks: rows.filter((r) => r.id !== null).map((r) => rowToBlock(r)), paused };
}
