/** Durations and relative times: parsed from user text into date-fns Durations, shown with date-fns. */
import { formatDistanceToNowStrict, milliseconds, type Duration } from 'date-fns';
import { UsageError } from '../errors.js';

const UNITS: Record<string, keyof Duration | 'ms'> = {
  ms: 'ms',
  s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', week: 'weeks', weeks: 'weeks',
};

/**
 * Parses "30s", "1h30m", "7d", "500ms" or a bare number of seconds into milliseconds. With
 * `requireUnit`, a bare number is refused: where a wrong guess deletes data (prune), say the unit.
 */
export function parseDurationMs(text: string, flag: string, opts: { requireUnit?: boolean } = {}): number {
  const input = String(text).trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(input)) {
    if (opts.requireUnit) throw new UsageError(`${flag} "${text}" has no unit: say which, e.g. ${input}d for days or ${input}h for hours`);
    return Math.round(Number(input) * 1000);
  }
  const parts = [...input.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!parts.length || consumed.replace(/\s/g, '') !== input.replace(/\s/g, '')) throw badDuration(text, flag);
  const duration: Duration = {};
  let extraMs = 0;
  for (const [, amount, unit] of parts) {
    const key = UNITS[unit];
    if (!key) throw badDuration(text, flag);
    if (key === 'ms') extraMs += Number(amount);
    else duration[key] = (duration[key] ?? 0) + Number(amount);
  }
  return Math.round(milliseconds(duration) + extraMs);
}

function badDuration(text: string, flag: string): UsageError {
  return new UsageError(`bad duration for ${flag}: "${text}": use a number with ms, s, m, h, d or w (e.g. 30s, 1h30m, 7d)`);
}

export function ago(ms: number): string {
  return formatDistanceToNowStrict(ms, { addSuffix: true });
}

/** Short human duration: 850 ms, 12.3 s, 4 min 5 s. */
export function shortDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  // Under 59.95 s only: 59.96 s would print "60.0 s".
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  // Rounded to whole seconds first, so 299.6 s reads "5 min 0 s", never "4 min 60 s".
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
