/** The HTTP status and message the dashboard answers for an error a request ran into. */
import { coerceError, RuntimeFailure, UsageError } from '../errors.js';
import { sqliteCode } from '../db/sqlite-errors.js';
import { isPgConnectionLost } from '../db/postgres/errors.js';
import { HttpError } from './http-io.js';

export function errorStatus(e: unknown): { status: number; message: string } {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof UsageError) return { status: 400, message: e.message };
  if (/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e) ?? '')) return { status: 503, message: 'the database is busy: try again' };
  // A lost PostgreSQL connection is the server's state, not this request's fault: the pool reconnects.
  if (isPgConnectionLost(e)) return { status: 503, message: 'the database is unavailable: try again' };
  if (e instanceof RuntimeFailure) return { status: 409, message: e.message };
  return { status: 500, message: `internal error: ${coerceError(e).message}` };
}
