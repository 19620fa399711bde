/**
 * Who may talk to the dashboard. Three checks, each cheap and each on every request:
 * - Host: the Host header must name this server (on loopback: 127.0.0.1, localhost or [::1] with our
 *   port), so a web page cannot reach it through DNS rebinding.
 * - Token (always when bound beyond loopback, else when --token is given): a bearer header, or the
 *   cookie set when the page is first opened with ?token=; compared in constant time.
 * - CSRF, for actions (POST only): the Origin, when sent, must be this server, and the X-CSRF-Token
 *   header must carry this server's random CSRF token (a cross-site form or fetch cannot set it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'wb_token';
export const CSRF_HEADER = 'x-csrf-token';

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** The addresses served without a token. Deliberately exact: any other address, even 127.0.0.2, needs one. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface Guard {
  /** null when the request may proceed, else why not (401/403) */
  denied(req: IncomingMessage, url: URL): { status: number; message: string } | null;
  /** null when an action may proceed, else why not (403) */
  csrfDenied(req: IncomingMessage): string | null;
  /** the token from ?token= when it is right, so the page can trade it for a cookie */
  tokenFromQuery(url: URL): string | null;
  readonly csrf: string;
  readonly token: string | null;
}

export function createGuard(opts: { bindHost: string; port: () => number; token: string | null }): Guard {
  const csrf = newSecret();
  const { token } = opts;
  const hostAllowed = (header: string | undefined): boolean => {
    if (!isLoopback(opts.bindHost)) return true; // reachable by any name: the token guards it
    const port = opts.port();
    const names = ['127.0.0.1', 'localhost', '[::1]', opts.bindHost.includes(':') ? `[${opts.bindHost}]` : opts.bindHost];
    return !!header && names.some((n) => header.toLowerCase() === `${n}:${port}`);
  };
  const presented = (req: IncomingMessage): string | undefined => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
    return cookie(req, TOKEN_COOKIE);
  };
  return {
    csrf,
    token,
    denied(req, url) {
      if (!hostAllowed(req.headers.host)) return { status: 403, message: 'unexpected Host header: open the dashboard by the address serve printed' };
      if (token === null) return null;
      if (sameSecret(presented(req), token)) return null;
      if (req.method === 'GET' && url.pathname === '/' && sameSecret(url.searchParams.get('token') ?? undefined, token)) return null;
      return { status: 401, message: 'missing or wrong token: open the URL serve printed (with ?token=), or send Authorization: Bearer TOKEN' };
    },
    csrfDenied(req) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host}`) return `cross-origin request from ${origin} refused`;
      const given = req.headers[CSRF_HEADER];
      if (!sameSecret(typeof given === 'string' ? given : undefined, csrf)) return `missing or wrong ${CSRF_HEADER} header: reload the page`;
      return null;
    },
    tokenFromQuery(url) {
      const given = url.searchParams.get('token');
      return token !== null && given !== null && sameSecret(given, token) ? given : null;
    },
  };
}
