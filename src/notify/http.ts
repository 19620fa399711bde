/** POSTs a JSON payload for the HTTP targets: a timeout, no redirects, errors that never show a token. */
import { redactText } from '../redact.js';
import { shortDuration } from '../format/duration.js';

export const NOTIFY_TIMEOUT_MS = 10_000;

export async function postJson(url: string, payload: unknown, label: string): Promise<void> {
  // fetch refuses URLs with user:password, so credentials travel as Basic auth instead.
  const target = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'workblock' };
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  let response: Response;
  try {
    // A redirect would carry the summary to a host nobody configured: it is a failure, not followed.
    response = await fetch(target, { method: 'POST', headers, body: JSON.stringify(payload), redirect: 'manual', signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`${label} failed: ${describe(err)}`);
  }
  await response.body?.cancel();
  if (response.status >= 300 && response.status < 400) throw new Error(`${label} answered ${response.status}: redirects are not followed, give the final URL`);
  if (!response.ok) throw new Error(`${label} answered ${response.status}`);
}

/** fetch says "fetch failed" and hides the useful part (ECONNREFUSED, DNS) in `cause`. */
function describe(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${shortDuration(NOTIFY_TIMEOUT_MS)}`;
  if (!(err instanceof Error)) return redactText(String(err));
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return redactText(`${err.message}${cause}`);
}
