/** The queue, its dependency edges, history and settings. Frozen in time: never import app types here. */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * PostgreSQL (the only backend with transactional DDL here) needs bigint for epoch milliseconds and
 * a serial type for ids; SQLite's integer is 64-bit already and keeps its original definition.
 */
function types(db: Kysely<any>) {
  const pg = db.getExecutor().adapter.supportsTransactionalDdl;
  return { int: pg ? 'bigint' : 'integer', pg } as const;
}

export async function up(db: Kysely<any>): Promise<void> {
  const { int, pg } = types(db);
  const id = (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('blocks')
    .addColumn('id', pg ? 'bigserial' : 'integer', id)
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('insight', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_step', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('priority', int, (c) => c.notNull().defaultTo(0))
    // Tags stored as ",a,b," so a tag filter is a portable LIKE.
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.unique())
    .addColumn('idem_key', 'text', (c) => c.unique())
    .addColumn('command', 'text')
    .addColumn('cwd', 'text')
    .addColumn('env', 'text')
    .addColumn('timeout_ms', int)
    .addColumn('max_retries', int, (c) => c.notNull().defaultTo(0))
    .addColumn('retry_delay_ms', int, (c) => c.notNull().defaultTo(1000))
    .addColumn('run_at', int, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', int, (c) => c.notNull())
    .addColumn('started_at', int)
    .addColumn('finished_at', int)
    .addColumn('attempts', int, (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('outcome', 'text')
    .addColumn('batch', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_pid', int)
    .addColumn('lease_host', 'text')
    .addColumn('lease_until', int)
    .execute();
  // Execution order without a sort: status, then priority desc, then id.
  await db.schema.createIndex('blocks_order').on('blocks').columns(['status', 'priority desc', 'id']).execute();

  await db.schema
    .createTable('block_deps')
    .addColumn('block_id', int, (c) => c.notNull().references('blocks.id').onDelete('cascade'))
    // Cascade: when a dependency leaves the queue (completed), its edges go, so "no edges left" means ready.
    .addColumn('depends_on_id', int, (c) => c.notNull().references('blocks.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('block_deps_pk', ['block_id', 'depends_on_id'])
    .execute();
  await db.schema.createIndex('block_deps_on').on('block_deps').column('depends_on_id').execute();

  await db.schema
    .createTable('history')
    .addColumn('history_id', pg ? 'bigserial' : 'integer', id)
    .addColumn('block_id', int, (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('insight', 'text', (c) => c.notNull())
    .addColumn('next_step', 'text', (c) => c.notNull())
    .addColumn('priority', int, (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('command', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('exit_code', int)
    .addColumn('duration_ms', int, (c) => c.notNull())
    .addColumn('attempts', int, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', int, (c) => c.notNull())
    .addColumn('started_at', int)
    .addColumn('finished_at', int, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('history_finished').on('history').column('finished_at').execute();
  // The database itself refuses a second successful completion of the same block.
  await db.schema
    .createIndex('history_success_once')
    .on('history')
    .column('block_id')
    .unique()
    .where(sql.ref('outcome'), '=', 'success')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'history', 'block_deps', 'blocks']) await db.schema.dropTable(t).execute();
}
