/**
 * Schema versions on PostgreSQL, where several hosts share one database: an empty database gets the
 * schema on first use, but an older schema is upgraded only by an explicit `workblock migrate`, so an
 * executor of a newer release never changes the schema under running executors of an older one.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { UsageError } from '../../errors.js';
import { MigrationNeeded, migrationsDir, type SchemaVersions } from '../migrate.js';
import { MigrationFiles } from '../migration-files.js';
import type { Database } from '../schema.js';
import { translatePgError } from './errors.js';

/** How many migrations this database has run (0 when it has no workblock schema yet). */
export async function schemaVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!rows[0]?.found) return 0;
  const counted = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db);
  return Number(counted.rows[0]?.n ?? 0);
}

export interface SchemaCheck {
  /** create the schema when the database has none (false on the fast add path) */
  migrateEmpty: boolean;
  /** also upgrade an older schema (`workblock migrate`) */
  upgrade?: boolean;
}

export async function checkSchema(db: Kysely<Database>, display: string, opts: SchemaCheck): Promise<SchemaVersions> {
  const { count: known } = migrationsDir();
  const current = await schemaVersion(db);
  if (current > known) {
    throw new UsageError(`database ${display} has schema version ${current}, newer than this workblock (${known}): upgrade workblock`);
  }
  if (current === known) return { from: current, to: current };
  if (current > 0 && !opts.upgrade) {
    throw new UsageError(`database ${display} has schema version ${current}, older than this workblock (${known}): run \`workblock migrate --db ${display}\` once executors of the older version have stopped`);
  }
  if (!opts.migrateEmpty && !opts.upgrade) throw new MigrationNeeded(`database ${display} has no workblock schema yet`);
  await migratePostgres(db, display);
  return { from: current, to: await schemaVersion(db) };
}

/** Runs every pending migration in one transaction under Kysely's advisory lock; returns how many ran. */
export async function migratePostgres(db: Kysely<Database>, display: string): Promise<number> {
  const { dir } = migrationsDir();
  const migrator = new Migrator({ db, provider: new MigrationFiles(dir) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const translated = translatePgError(error, display);
    if (translated !== error) throw translated; // the server went away, or a login or rights problem
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new UsageError(`database ${display} could not be migrated${failed ? ` (${failed})` : ''}: ${(error as Error).message}`);
  }
  return results?.filter((r) => r.status === 'Success').length ?? 0;
}
