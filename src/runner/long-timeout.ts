/**
 * setTimeout for any duration. Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay
 * fires at once with a warning, which killed a `--timeout 25d` command the moment it started. Longer
 * waits are chained in steps below that limit.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  clear(): void;
}

export function longTimeout(fn: () => void, ms: number): LongTimer {
  let timer: NodeJS.Timeout;
  const until = Date.now() + ms;
  const arm = () => {
    const left = until - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, left));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
