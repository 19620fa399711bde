/** Where a queue lives: a SQLite file path, or a PostgreSQL URL (postgres:// or postgresql://). */

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
