/**
 * How the executor's loop waits while commands run and nothing needs a commit yet: until a command
 * starts or ends, or waiting settlements fall due. Two batching rules live here, both paid for by
 * fewer commits on two cores:
 * - blocks claimed ahead and still queued behind long commands go back after PREFETCH_HOLD_MS
 *   (prefetch.ts), so they do not sit where another executor could run them;
 * - while the runner still has blocks queued, finished ones are settled a few per transaction rather
 *   than one each: the executor's per-block work otherwise competes with the next command's fork.
 */
import type { InFlight } from './in-flight.js';
import type { Outbox } from './outbox.js';
import { PREFETCH_HOLD_MS, type PrefetchPolicy } from './prefetch.js';
import type { Wakeup } from './wakeup.js';

const SETTLE_BATCH = 4;
const SETTLE_WAIT_MS = 15;

export interface Napper {
  wakeup: Wakeup;
  outbox: Outbox;
  inFlight: InFlight;
  prefetch: PrefetchPolicy;
  concurrency: number;
  stopping: () => boolean;
}

/** Only while commands are in the runner and no ended command or given-back block waits for a commit. */
export function mayNap({ inFlight, outbox }: Napper): boolean {
  return inFlight.inRunner > 0 && !outbox.ended.length && !outbox.unclaimed.length;
}

export async function nap({ wakeup, outbox, inFlight, prefetch, concurrency, stopping }: Napper): Promise<void> {
  const woke = wakeup.next();
  // Waiting settlements or notes bound the nap: they are committed within the outbox's lazy delay.
  const lazyIn = outbox.lazyDueInMs();
  if (lazyIn !== null && !(await within(woke, lazyIn))) return;
  const queued = inFlight.queued();
  // Blocks queued behind long commands go back (their done resolves at once, which wakes us).
  if (queued.length && !(await within(woke, PREFETCH_HOLD_MS))) {
    prefetch.tookBack();
    queued.forEach((h) => h.cancel());
  }
  await woke;
  const deadline = performance.now() + SETTLE_WAIT_MS;
  while (outbox.ended.length && outbox.ended.length < SETTLE_BATCH && inFlight.inRunner > concurrency && !stopping() && performance.now() < deadline) {
    await within(wakeup.next(), deadline - performance.now());
  }
}

/**
 * The event (true), or false after `ms`. The timer ends with the race: one left pending when the event
 * won kept the process alive after its last block (up to PREFETCH_HOLD_MS for `execute 1`).
 */
async function within(event: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([event, new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)))]);
  } finally {
    clearTimeout(timer);
  }
}
