/** Durations and relative times: parsed from user text into date-fns Durations, shown with date-fns. */
import { formatDistanceToNowStrict } from 'date-fns/formatDistanceToNowStrict';
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

export { shortDuration } from './duration.js';
