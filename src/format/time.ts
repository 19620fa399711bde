/** Durations and relative times: parsed from user text into date-fns Durations, shown with date-fns. */
import { formatDistanceToNowStrict } from 'date-fns';
import { parseDuration } from '../schema/duration.js';
import { UsageError } from '../errors.js';

/**
 * "30s", "1h30m", "7d", "500ms" or a bare number of seconds into milliseconds: the schema's one parser
 * (an age, 0 or more). With `requireUnit`, a bare number is refused: where a wrong guess deletes data
 * (prune), say the unit.
 */
export function parseDurationMs(text: string, flag: string, opts: { requireUnit?: boolean } = {}): number {
  const input = String(text).trim().toLowerCase();
  if (opts.requireUnit && /^\d+(\.\d+)?$/.test(input)) throw new UsageError(`${flag} "${text}" has no unit: say which, e.g. ${input}d for days or ${input}h for hours`);
  return parseDuration(text, flag, 'age');
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
