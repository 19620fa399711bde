/**
 * Block pre-flight checks, templates (a reusable block with placeholders) and schedules (a block queued every interval or on a
 * cron expression). schedule_slots holds one row per schedule and time slot: its primary key is what
 * makes racing executors queue each occurrence once. Frozen in time: never import app types here.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A block's pre-flight: a shell command that must exit 0 before its command starts.
  await db.schema.alterTable('blocks').addColumn('check_command', 'text').execute();
  await db.schema
    .createTable('templates')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // The block's fields as JSON (command, cwd, env, timeout, retries, tags, priority).
    .addColumn('block', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('every_ms', 'bigint')
    .addColumn('cron', 'text')
    .addColumn('block', 'text', (c) => c.notNull())
    // 'latest': after missed slots queue only the newest; 'all': queue each missed one.
    .addColumn('catch_up', 'text', (c) => c.notNull().defaultTo('latest'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('schedule_slots')
    .addColumn('schedule', 'text', (c) => c.notNull().references('schedules.name').onDelete('cascade'))
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('block_id', 'integer')
    .addPrimaryKeyConstraint('schedule_slots_pk', ['schedule', 'slot'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['schedule_slots', 'schedules', 'templates']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('blocks').dropColumn('check_command').execute();
}
