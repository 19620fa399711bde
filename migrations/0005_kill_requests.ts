/**
 * `workblock kill` asks the executor that runs a block what to make of the command's death: record it
 * failed, or put the block back to pending. Keyed by attempt, so a request left behind by a kill that
 * was itself interrupted never applies to a later run. Frozen in time: never import app types here.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kill_requests')
    .addColumn('block_id', 'integer', (c) => c.primaryKey().references('blocks.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kill_requests').execute();
}
