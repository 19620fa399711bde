/**
 * The host a history row's command ran on (the lease's host id), so `show` and `logs` can say where
 * its log files are. Null for rows from before this migration and for imported ones.
 * Frozen in time: never import app types here.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('history').addColumn('host', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('history').dropColumn('host').execute();
}
