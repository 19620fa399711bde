/**
 * The webhook logger: POSTs the block's JSON record; any 2xx accepts it. Redirects are refused, not
 * followed: fetch would follow a 301/302 as a GET, whose 200 would count as delivered while the record
 * was never posted anywhere.
 */
import { redactUrls } from '../format/redact.js';
import { shortDuration } from '../format/duration.js';
import type { Logger } from './logger.js';
import { buildRecord } from './record.js';
import { WEBHOOK_TIMEOUT_MS } from './timeout.js';

export { WEBHOOK_TIMEOUT_MS };

export interface WebhookOptions {
  /** Overrides the 10 s default (WORKBLOCK_LOGGER_TIMEOUT_MS, through the registry). */
  timeoutMs?: number;
}

export function createWebhookLogger(url: string, opts: WebhookOptions = {}): Logger {
  // fetch refuses URLs with user:password, so credentials travel as Basic auth instead.
  const target = new URL(url);
  const authorization = basicAuthorization(target);
  target.username = '';
  target.password = '';
  // Errors end up in logs and on the block row: they only ever show the redacted URL.
  const shown = redactUrls(url);
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    name: `webhook:${shown}`,
    async log(block, outcome, ctx) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'Idempotency-Key': ctx.idempotencyKey,
      };
      if (authorization) headers.authorization = authorization;
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers,
          body: JSON.stringify(buildRecord(block, outcome, ctx)),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        });
      } catch (err) {
        throw new Error(`webhook ${shown} failed: ${describeFetchError(err, timeoutMs)}`);
      }
      // The reply body is not used; cancelling it frees the connection.
      await response.body?.cancel();
      if (response.status >= 300 && response.status < 400) throw new Error(redirectRefusal(shown, response));
      if (!response.ok) throw new Error(`webhook ${shown} answered ${response.status}`);
    },
  };
}

/** The new address may carry credentials of its own: it is shown redacted, like the webhook's. */
function redirectRefusal(shown: string, response: Response): string {
  const location = response.headers.get('location');
  const where = location ? ` to ${redactUrls(location)}` : '';
  return `webhook ${shown} answered ${response.status} (a redirect${where}); redirects are not followed: update the webhook URL`;
}

function basicAuthorization(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, DNS) in `cause`. */
function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${shortDuration(timeoutMs)}`;
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return redactUrls(`${err.message}${cause}`);
}
