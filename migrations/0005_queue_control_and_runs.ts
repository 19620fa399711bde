/**
 * Queue control and batch runs.
 *
 * kill_requests: `workblock kill` asks the executor that runs a block what to make of the command's death: record it
 * failed, or put the block back to pending. Keyed by attempt, so a request left behind by a kill that
 * was itself interrupted never applies to a later run.
 *
 * runs: one row per `workblock run` (its id, the batch file's name and path). A run's blocks carry the
 * run id in `batch` (since 0001) and their batch name in `run_name`: names are unique within a run, not
 * across runs, so two runs of one file do not collide (`name` stays unique across the queue). History
 * keeps the run id too, so `history --run ID` still finds a finished run.
 * Frozen in time: never import app types here.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Epoch milliseconds overflow PostgreSQL's 32-bit integer (the backend with transactional DDL here).
  const ms = db.getExecutor().adapter.supportsTransactionalDdl ? 'bigint' : 'integer';
  await db.schema
    .createTable('kill_requests')
    .addColumn('block_id', 'integer', (c) => c.primaryKey().references('blocks.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('requested_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('file', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('blocks').addColumn('run_name', 'text').execute();
  await db.schema.createIndex('blocks_run_name').on('blocks').columns(['batch', 'run_name']).unique().execute();
  await db.schema.alterTable('history').addColumn('batch', 'text').execute();
  await db.schema.createIndex('history_batch').on('history').column('batch').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('history_batch').execute();
  await db.schema.alterTable('history').dropColumn('batch').execute();
  await db.schema.dropIndex('blocks_run_name').execute();
  await db.schema.alterTable('blocks').dropColumn('run_name').execute();
  await db.schema.dropTable('runs').execute();
  await db.schema.dropTable('kill_requests').execute();
}
