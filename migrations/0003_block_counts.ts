/**
 * Per-status block counts kept by triggers, so `list` can print "Pending work blocks: N" at a million
 * blocks without counting them. Frozen in time: never import app types here.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL is the backend with transactional DDL here; it gets its own shape (see upPostgres).
  if (db.getExecutor().adapter.supportsTransactionalDdl) return upPostgres(db);
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

/**
 * On PostgreSQL, executors on several machines change statuses at once. Counter rows updated in place
 * would serialize every claim on one row lock (and deadlock when a settle and a claim touch "pending"
 * and "running" in opposite orders), so the triggers only append deltas, one row per statement and
 * status, and block_counts is a view that sums them. The store folds the deltas into one row per
 * status from time to time (a DELETE ... RETURNING, which never blocks an insert).
 * The same triggers NOTIFY workblock_work when blocks may have become ready (an insert, a delete that
 * frees dependents, a return to pending): `execute --wait` LISTENs instead of polling. PostgreSQL
 * folds identical notifications of one transaction into one, delivered at commit.
 */
async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create table block_count_deltas (status text not null, n bigint not null)`.execute(db);
  await sql`create index block_count_deltas_status on block_count_deltas (status)`.execute(db);
  await sql`insert into block_count_deltas (status, n)
    select s, (select count(*) from blocks where status = s) from unnest(array['pending', 'running', 'failed', 'blocked']) as s`.execute(db);
  await sql`create view block_counts as select status, sum(n)::bigint as n from block_count_deltas group by status`.execute(db);
  await sql`create function block_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into block_count_deltas (status, n) select status, count(*) from new_rows group by status;
        perform pg_notify('workblock_work', '');
      elsif tg_op = 'DELETE' then
        insert into block_count_deltas (status, n) select status, -count(*) from old_rows group by status;
        perform pg_notify('workblock_work', ''); -- a finished dependency can free its dependents
      else
        insert into block_count_deltas (status, n)
          select status, sum(d) from (
            select status, -1 as d from old_rows union all select status, 1 from new_rows
          ) changes group by status having sum(d) <> 0;
        if exists (select 1 from new_rows where status = 'pending') then perform pg_notify('workblock_work', ''); end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger block_counts_insert after insert on blocks referencing new table as new_rows
    for each statement execute function block_counts_apply()`.execute(db);
  await sql`create trigger block_counts_delete after delete on blocks referencing old table as old_rows
    for each statement execute function block_counts_apply()`.execute(db);
  await sql`create trigger block_counts_update after update on blocks referencing old table as old_rows new table as new_rows
    for each statement execute function block_counts_apply()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['block_counts_insert', 'block_counts_delete', 'block_counts_update']) {
    await (db.getExecutor().adapter.supportsTransactionalDdl ? sql`drop trigger ${sql.ref(t)} on blocks` : sql`drop trigger ${sql.ref(t)}`).execute(db);
  }
  if (db.getExecutor().adapter.supportsTransactionalDdl) {
    await sql`drop view block_counts`.execute(db);
    await sql`drop function block_counts_apply()`.execute(db);
    await sql`drop table block_count_deltas`.execute(db);
    return;
  }
  await db.schema.dropTable('block_counts').execute();
}
