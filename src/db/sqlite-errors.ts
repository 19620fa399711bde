/** Turns SQLite error codes into messages a user can act on. */
import { RuntimeFailure, UsageError } from '../errors.js';
import { isPostgresUrl } from './location.js';
import { translatePgError } from './postgres/errors.js';

export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

export function translateSqliteError(e: unknown, dbPath: string): Error {
  const code = sqliteCode(e) ?? '';
  if (e instanceof UsageError || e instanceof RuntimeFailure) return e;
  if (isPostgresUrl(dbPath)) return translatePgError(e, dbPath);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new UsageError(`${dbPath} is not a workblock database (${code}): pass another --db or move the file away`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new RuntimeFailure(`database ${dbPath} is locked by another writer: retry in a moment or raise WORKBLOCK_BUSY_TIMEOUT_MS`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new UsageError(`database ${dbPath} is read-only: fix its permissions or use a writable --db`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new UsageError(`cannot open database ${dbPath}: check the path and its permissions`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
