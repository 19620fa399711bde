/**
 * When a schedule's occurrences fall: `--every` slots are multiples of the interval since the Unix
 * epoch (UTC), so `--every 1d` means midnight UTC and `--every 1h` the top of each hour; `--cron`
 * slots are the matching minutes (local time). A slot is due once `now` reaches it.
 *
 * Catch-up policy, for slots that came due while nothing executed: `latest` (the default) queues
 * only the newest of them and skips the rest; `all` queues each, oldest first, at most MAX_CATCH_UP.
 */
import { nextCronTime, type CronSchedule } from './cron.js';

export type Recurrence = { everyMs: number } | { cron: CronSchedule };
export type CatchUp = 'latest' | 'all';

/** A schedule that has not run for months does not flood the queue. */
export const MAX_CATCH_UP = 100;
/** Bounds the walk over a cron schedule's missed minutes (a year of every-minute slots). */
const MAX_CRON_STEPS = 600_000;

/** The first slot strictly after `after`, or null (a cron expression that never matches). */
export function nextSlot(rec: Recurrence, after: number): number | null {
  if ('everyMs' in rec) return (Math.floor(after / rec.everyMs) + 1) * rec.everyMs;
  return nextCronTime(rec.cron, after);
}

/** The slots in (from, now] to queue, oldest first, after applying the catch-up policy. */
export function dueSlots(rec: Recurrence, from: number, now: number, catchUp: CatchUp): number[] {
  if ('everyMs' in rec) {
    const first = nextSlot(rec, from)!;
    const last = Math.floor(now / rec.everyMs) * rec.everyMs;
    if (first > last) return [];
    if (catchUp === 'latest') return [last];
    const count = Math.min(MAX_CATCH_UP, (last - first) / rec.everyMs + 1);
    return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * rec.everyMs);
  }
  const slots: number[] = [];
  let t = nextSlot(rec, from);
  for (let steps = 0; t !== null && t <= now && steps < MAX_CRON_STEPS; steps++) {
    slots.push(t);
    if (slots.length > MAX_CATCH_UP) slots.shift();
    t = nextSlot(rec, t);
  }
  return catchUp === 'latest' ? slots.slice(-1) : slots;
}
