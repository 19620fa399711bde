/** Where a queue lives: a SQLite file path, or a PostgreSQL URL (postgres:// or postgresql://). */
import { UsageError } from '../errors.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(location: string): boolean {
  return POSTGRES_URL.test(location);
}

/**
 * The URL as it may be shown: the password (and any other userinfo secret) never leaves this
 * function, so messages, `list` headers and logs can name the database safely.
 */
export function displayLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/**
 * The URL to write into a file another process runs from (a crontab line, a systemd unit): those are
 * plain text, often readable by others, so the password (in the userinfo or a `password` parameter)
 * is left out and the job gets it from PGPASSWORD or ~/.pgpass. Other parameters (sslmode...) stay.
 */
export function withoutPassword(location: string): { location: string; removed: boolean } {
  if (!isPostgresUrl(location)) return { location, removed: false };
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new UsageError('the PostgreSQL URL cannot be read: write postgres://USER@HOST:PORT/DATABASE');
  }
  const removed = url.password !== '' || url.searchParams.has('password');
  url.password = '';
  url.searchParams.delete('password');
  return { location: url.toString(), removed };
}
