/** Opens the SQLite file behind a queue: path rules, file mode, pragmas, clear errors for bad files. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase, type SqliteStatement } from 'kysely';
import { withSmallRows } from './wide-rows.js';
import { UsageError } from '../errors.js';
import { migrateOnOpen, type SchemaVersions } from './migrate.js';
import { translateSqliteError } from './sqlite-errors.js';
import { needsSnapshot, snapshotForReading } from './readonly-snapshot.js';
import { busyTimeoutMs } from './busy.js';
import { registerSqliteHandle } from './sqlite-handle.js';
import { DEFAULT_DB_PATH, findDatabaseUpward } from './find-database.js';
import type { Database } from './schema.js';
import { isPostgresUrl } from './location.js';

export { DEFAULT_DB_PATH };

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** the SQLite file, or the PostgreSQL URL without its password: safe to show */
  path: string;
  /** where diaries and command logs go: beside the SQLite file, or ./data on this host for PostgreSQL */
  dataDir: string;
  readonly: boolean;
  /** true when this open found an empty database and gave it the schema: a new queue */
  created: boolean;
  /** schema versions before and after this open */
  schema: SchemaVersions;
}

export interface OpenOptions {
  /** Read commands still work on a database this user cannot write. */
  allowReadonly?: boolean;
  /** false: throw MigrationNeeded instead of migrating (the fast add path cannot import migrations) */
  migrate?: boolean;
  /** base of the data directory for a PostgreSQL queue (default process.cwd()) */
  cwd?: string;
  /** PostgreSQL: also upgrade an older schema (only `workblock migrate` does; SQLite always migrates) */
  upgrade?: boolean;
}

/**
 * --db, else $WORKBLOCK_DB, else the nearest data/workblocks.db here or above, else ./data/workblocks.db.
 * A postgres:// URL is kept as given; a file path is made absolute.
 */
export function resolveDbPath(flag: string | undefined, cwd = process.cwd()): string {
  const named = flag || process.env.WORKBLOCK_DB;
  if (named) return isPostgresUrl(named) ? named : path.resolve(cwd, named);
  return findDatabaseUpward(cwd) ?? path.resolve(cwd, DEFAULT_DB_PATH);
}

/**
 * better-sqlite3's compiled addon, by path: that skips the `bindings` package's search of a dozen
 * paths on every start (about 5 ms of `workblock add`), and the bundles (which hold better-sqlite3's
 * JavaScript, scripts/bundle.js) could not search from their own place anyway. An unusual layout
 * falls back to that search, run from better-sqlite3's own directory.
 */
function nativeBinding(): string | object {
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const addon = path.join(path.dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(addon)) return addon;
  return createRequire(pkg)('bindings')({ bindings: 'better_sqlite3.node', module_root: path.dirname(pkg) }) as object;
}


/** Creates the file with mode 0600 before SQLite does, so it is never briefly world-readable. */
function ensureFile(dbPath: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dbPath);
  } catch {
    /* missing: created below */
  }
  if (stat?.isDirectory()) throw new UsageError(`database path ${dbPath} is a directory: pass a file path with --db`);
  if (stat) return;
  try {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(dbPath, 'wx', 0o600));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    throw new UsageError(`cannot create database ${dbPath} (${code}): pick a writable place with --db`);
  }
}

function canWrite(dbPath: string): boolean {
  try {
    fs.accessSync(dbPath, fs.constants.W_OK);
    fs.accessSync(path.dirname(dbPath), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kysely's SQLite driver prepares every query afresh; the same SQL text recurs constantly (claims,
 * settles, 400-row inserts), and preparing a wide INSERT costs more than running it. Reuse statements.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, cleanup?: () => void): SqliteDialectDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      sqlite.close();
      cleanup?.();
    },
    prepare: (sqlText: string) => {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        if (cache.size >= 256) cache.clear();
        stmt = withSmallRows(sqlite.prepare(sqlText));
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  } as SqliteDialectDatabase;
}

function openSqlite(file: string, readonly: boolean): { sqlite: SqliteDatabase.Database } {
  // (nativeBinding also takes the addon object itself, though the type declarations say string only)
  const sqlite = new SqliteDatabase(file, { readonly, timeout: busyTimeoutMs(), nativeBinding: nativeBinding() as string });
  try {
    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      // FULL: a commit is on disk before it returns, so an id `add` printed survives a power cut (NORMAL
      // survives a process crash only). Its cost is measured in bench/README.md.
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('user_version'); // reading a WAL database fails here when it cannot map its -shm
  } catch (e) {
    sqlite.close();
    throw e;
  }
  return { sqlite };
}

function openForReading(dbPath: string): { sqlite: SqliteDatabase.Database; cleanup?: () => void } {
  try {
    return openSqlite(dbPath, true);
  } catch (e) {
    if (!needsSnapshot(e)) throw e;
    const snap = snapshotForReading(dbPath);
    return { sqlite: openSqlite(snap.file, true).sqlite, cleanup: snap.remove };
  }
}

export async function openDatabase(dbPath: string, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(dbPath)) {
    // Loaded only for a URL: SQLite users never load pg or the PostgreSQL code.
    const { openPostgres } = await import('./postgres/open.js');
    const { db, display, schema } = await openPostgres(dbPath, { migrate: opts.migrate, upgrade: opts.upgrade });
    return { db, dialect: 'postgres', path: display, dataDir: path.resolve(opts.cwd ?? process.cwd(), 'data'), readonly: false, created: schema.from === 0 && schema.to > 0, schema };
  }
  ensureFile(dbPath);
  const readonly = !canWrite(dbPath);
  if (readonly && !opts.allowReadonly) {
    throw new UsageError(`database ${dbPath} is read-only for this user: fix its permissions or use a writable --db`);
  }
  let opened: { sqlite: SqliteDatabase.Database; cleanup?: () => void };
  try {
    opened = readonly ? openForReading(dbPath) : openSqlite(dbPath, false);
  } catch (e) {
    throw translateSqliteError(e, dbPath);
  }
  const { sqlite, cleanup } = opened;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, cleanup) }) });
  if (!readonly) registerSqliteHandle(db, sqlite, dbPath);
  const created = !readonly && opts.migrate !== false && sqlite.pragma('user_version', { simple: true }) === 0;
  let schema: SchemaVersions;
  try {
    schema = await migrateOnOpen(db, sqlite, dbPath, readonly || opts.migrate === false);
  } catch (e) {
    await db.destroy();
    throw translateSqliteError(e, dbPath);
  }
  return { db, dialect: 'sqlite', path: dbPath, dataDir: path.dirname(dbPath), readonly, created, schema };
}
