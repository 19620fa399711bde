/**
 * Which import entry a block or history row came from, so importing the same file again adds nothing.
 * Frozen in time: never import app types here.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('blocks').addColumn('import_key', 'text').execute();
  await db.schema.alterTable('history').addColumn('import_key', 'text').execute();
  // Partial: a block added by `add` (import_key null) costs no index write, so `add` stays as fast.
  await db.schema.createIndex('blocks_import_key').on('blocks').column('import_key').where(sql.ref('import_key'), 'is not', null).execute();
  await db.schema.createIndex('history_import_key').on('history').column('import_key').where(sql.ref('import_key'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('history_import_key').execute();
  await db.schema.dropIndex('blocks_import_key').execute();
  await db.schema.alterTable('history').dropColumn('import_key').execute();
  await db.schema.alterTable('blocks').dropColumn('import_key').execute();
}
