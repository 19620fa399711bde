/** Turns node-postgres errors into one line a user can act on; the password is never part of it. */
import { RuntimeFailure, UsageError } from '../../errors.js';

function pgCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

/** Network errors on the way to the server, and node-postgres's words for a connection that ended. */
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
const ENDED = /Connection terminated|not queryable|connection error|timeout exceeded when trying to connect/i;

/**
 * The server cannot be reached or ended the connection: nothing about the request was wrong, and the
 * same request may work once it is back. Class 08 is SQL's "connection exception"; 57P01-57P03 are a
 * server shutting down, crashing or starting; 53300 is too many connections.
 */
export function isPgConnectionLost(e: unknown): boolean {
  const code = pgCode(e);
  if (NETWORK_CODES.includes(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  return !code && ENDED.test((e as Error)?.message ?? '');
}

export function translatePgError(e: unknown, display: string): Error {
  if (e instanceof UsageError || e instanceof RuntimeFailure) return e;
  const code = pgCode(e);
  const message = (e as Error)?.message ?? String(e);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOENT'].includes(code) || /timeout expired|Connection terminated/i.test(message)) {
    return new RuntimeFailure(`cannot reach the PostgreSQL server of ${display} (${code || message}): check that it runs and the host and port are right`);
  }
  if (code === '28P01' || code === '28000' || /password authentication failed|SASL|client password must be a string/i.test(message)) {
    return new UsageError(`PostgreSQL refused the login for ${display}: check the user and password (PGPASSWORD, ~/.pgpass or the URL)`);
  }
  if (code === '3D000') return new UsageError(`database ${display} does not exist: create it (createdb) or fix the name in the URL`);
  if (code === '42501') return new UsageError(`PostgreSQL denied access in ${display} (${message}): grant the role rights on the database and its tables`);
  if (code === '57P01' || code === '57P03' || code === '53300') {
    return new RuntimeFailure(`the PostgreSQL server of ${display} is not accepting connections (${message}): retry in a moment`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
