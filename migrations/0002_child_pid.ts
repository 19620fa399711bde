/** Remembers the process group of a running command, so recovery can stop an orphan before re-running its block. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('blocks').addColumn('child_pid', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('blocks').dropColumn('child_pid').execute();
}
