/** Brings the schema up to date on open with Kysely's Migrator, inside one BEGIN IMMEDIATE transaction. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { MIGRATION_FILE, MigrationFiles } from './migration-files.js';
import { withImmediateTransaction } from './transaction.js';
import type { Database } from './schema.js';

/**
 * tsc emits migrations to dist/migrations; this code runs either from dist/src/db (library) or from
 * the bundled CLI in dist/bundle, so look in both places relative to this file.
 */
export function migrationsDir(): { dir: string; count: number } {
  for (const rel of ['../../migrations', '../migrations']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    const count = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => MIGRATION_FILE.test(f)).length : 0;
    if (count) return { dir, count };
  }
  throw new Error('compiled migrations not found next to dist/: run `npm run build`');
}

/**
 * user_version mirrors how many migrations have run, so an up-to-date database costs one pragma
 * instead of the Migrator's table checks and imports on every start.
 */
/** The schema is behind and this open may not migrate it. */
export class MigrationNeeded extends UsageError {}

/** Schema versions before and after opening (equal when nothing ran). */
export interface SchemaVersions {
  from: number;
  to: number;
}

export async function migrateOnOpen(db: Kysely<Database>, sqlite: SqliteDatabase.Database, dbPath: string, readonly: boolean): Promise<SchemaVersions> {
  const { dir, count: known } = migrationsDir();
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current > known) {
    throw new UsageError(`database ${dbPath} has schema version ${current}, newer than this workblock (${known}): upgrade workblock`);
  }
  if (current === known) return { from: current, to: current };
  if (readonly) throw new MigrationNeeded(`database ${dbPath} needs a schema upgrade but is read-only: open it once as its owner`);
  await withImmediateTransaction(db, async (trx) => {
    const migrator = new Migrator({
      db: trx,
      provider: new MigrationFiles(dir),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new UsageError(`database ${dbPath} could not be migrated${failed ? ` (${failed})` : ''}: ${(error as Error).message}`);
    }
    const applied = (await trx.selectFrom('kysely_migration' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()) as { n: number };
    sqlite.pragma(`user_version = ${Number(applied.n)}`);
  });
  return { from: current, to: known };
}
