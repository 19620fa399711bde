/** Retry policy as data: when may a failed block run again. Exponential, capped, with a little jitter. */

export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (1 = first retry). Jitter only lengthens (x1.0 to x1.25), so
 * delays still grow while two blocks failing together spread out instead of retrying in lock-step.
 */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(MAX_RETRY_DELAY_MS, exponential) * (1 + random() * 0.25));
}
