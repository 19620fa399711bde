/**
 * Per-status block counts kept by triggers, so `list` can print "Pending work blocks: N" at a million
 * blocks without counting them. Frozen in time: never import app types here.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('block_counts')
    .addColumn('status', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One row per status up front, so the triggers are plain updates by primary key (cheap on bulk adds).
  for (const status of ['pending', 'running', 'failed', 'blocked']) await db.insertInto('block_counts').values({ status, n: 0 }).execute();
  await sql`update block_counts set n = (select count(*) from blocks where blocks.status = block_counts.status)`.execute(db);
  await sql`create trigger block_counts_insert after insert on blocks begin
    update block_counts set n = n + 1 where status = new.status;
  end`.execute(db);
  await sql`create trigger block_counts_delete after delete on blocks begin
    update block_counts set n = n - 1 where status = old.status;
  end`.execute(db);
  await sql`create trigger block_counts_update after update of status on blocks when old.status <> new.status begin
    update block_counts set n = n - 1 where status = old.status;
    update block_counts set n = n + 1 where status = new.status;
  end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['block_counts_insert', 'block_counts_delete', 'block_counts_update']) await sql`drop trigger ${sql.ref(t)}`.execute(db);
  await db.schema.dropTable('block_counts').execute();
}
