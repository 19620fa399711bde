/**
 * Schedules: stored recurrences, and materializeDueSchedules, which turns each due occurrence into a
 * block exactly once. Racing executors are safe twice over: the work runs in one BEGIN IMMEDIATE
 * transaction (on PostgreSQL, one that locks the schedules' rows first), and each (schedule, slot) is
 * claimed by INSERT ... ON CONFLICT DO NOTHING on schedule_slots' primary key, so only the insert that
 * created the row queues a block.
 */
import type { Kysely } from 'kysely';
import { UsageError } from '../errors.js';
import { isPostgres } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { insertBlocks } from '../queue/add.js';
import { parseCron } from '../queue/cron.js';
import { dueSlots, nextSlot, type CatchUp, type Recurrence } from '../queue/slots.js';
import type { NewBlock } from '../queue/types.js';

export interface Schedule {
  name: string;
  everyMs: number | null;
  cron: string | null;
  catchUp: CatchUp;
  block: NewBlock;
  createdAt: number;
  /** the newest slot already queued */
  lastSlot: number | null;
  /** when the next occurrence falls, or null if never */
  nextAt: number | null;
}

export interface NewSchedule {
  name: string;
  everyMs?: number;
  cron?: string;
  catchUp: CatchUp;
  block: NewBlock;
}

function recurrence(row: { every_ms: number | null; cron: string | null }): Recurrence {
  return row.cron !== null ? { cron: parseCron(row.cron) } : { everyMs: Number(row.every_ms) };
}

export async function addSchedule(db: Kysely<Database>, s: NewSchedule, now = Date.now()): Promise<void> {
  const res = await db
    .insertInto('schedules')
    .values({ name: s.name, every_ms: s.everyMs ?? null, cron: s.cron ?? null, catch_up: s.catchUp, block: JSON.stringify(s.block), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (!Number(res.numInsertedOrUpdatedRows)) throw new UsageError(`schedule "${s.name}" exists: remove it first (\`workblock schedule remove ${s.name}\`)`);
}

export async function removeSchedule(db: Kysely<Database>, name: string): Promise<void> {
  const res = await db.deleteFrom('schedules').where('name', '=', name).executeTakeFirst();
  if (!Number(res.numDeletedRows)) throw new UsageError(`no schedule "${name}": see \`workblock schedule list\``);
}

export async function listSchedules(db: Kysely<Database>): Promise<Schedule[]> {
  const rows = await db
    .selectFrom('schedules')
    .selectAll()
    .select((eb) => eb.selectFrom('schedule_slots').select((e) => e.fn.max('slot').as('m')).whereRef('schedule_slots.schedule', '=', 'schedules.name').as('last_slot'))
    .orderBy('name')
    .execute();
  return rows.map((r) => {
    const lastSlot = r.last_slot === null ? null : Number(r.last_slot);
    return {
      name: r.name,
      everyMs: r.every_ms === null ? null : Number(r.every_ms),
      cron: r.cron,
      catchUp: r.catch_up as CatchUp,
      block: JSON.parse(r.block) as NewBlock,
      createdAt: Number(r.created_at),
      lastSlot,
      nextAt: nextSlot(recurrence(r), Math.max(Number(r.created_at), lastSlot ?? -Infinity)),
    };
  });
}

/** Queues every occurrence that came due by `now`; returns the new block ids. */
export async function materializeDueSchedules(db: Kysely<Database>, now = Date.now()): Promise<number[]> {
  // Most queues have no schedules: a plain read first, so execute takes no write lock for nothing.
  const any = await db.selectFrom('schedules').select('name').limit(1).executeTakeFirst();
  if (!any) return [];
  return withImmediateTransaction(db, async (trx) => {
    // PostgreSQL takes no database-wide write lock, so a racer waits here, on the schedules' rows, and
    // its next statement sees the slots the first one queued. Without the lock both would compute the
    // same due slots, and ON CONFLICT would not stop the second: the first deleted its older slot rows
    // before committing, so they no longer conflict (6 racers queued 422 blocks for 72 slots).
    if (isPostgres(trx)) await trx.selectFrom('schedules').select('name').orderBy('name').forUpdate().execute();
    const ids: number[] = [];
    const rows = await trx
      .selectFrom('schedules')
      .selectAll()
      .select((eb) => eb.selectFrom('schedule_slots').select((e) => e.fn.max('slot').as('m')).whereRef('schedule_slots.schedule', '=', 'schedules.name').as('last_slot'))
      .execute();
    for (const row of rows) {
      const from = Math.max(Number(row.created_at), row.last_slot === null ? -Infinity : Number(row.last_slot));
      for (const slot of dueSlots(recurrence(row), from, now, row.catch_up as CatchUp)) {
        const claimed = await trx.insertInto('schedule_slots').values({ schedule: row.name, slot, block_id: null }).onConflict((oc) => oc.columns(['schedule', 'slot']).doNothing()).executeTakeFirst();
        if (!Number(claimed.numInsertedOrUpdatedRows)) continue;
        const block: NewBlock = { ...(JSON.parse(row.block) as NewBlock), key: `schedule:${row.name}:${new Date(slot).toISOString()}`, runAt: 0 };
        const [id] = (await insertBlocks(trx, [block], () => `schedule "${row.name}": `)).ids;
        await trx.updateTable('schedule_slots').set({ block_id: id }).where('schedule', '=', row.name).where('slot', '=', slot).execute();
        ids.push(id);
      }
      // Only the newest slot decides what comes next; older rows would just grow the table.
      await trx.deleteFrom('schedule_slots').where('schedule', '=', row.name).where('slot', '<', trx.selectFrom('schedule_slots as s').select((e) => e.fn.max('s.slot').as('m')).where('s.schedule', '=', row.name)).execute();
    }
    return ids;
  });
}
