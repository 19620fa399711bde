/** `add --at TIME` / `--in DURATION`: user text → an epoch-ms not-before time. */
import { UsageError } from '../errors.js';
import { parseDurationMs } from './time.js';

const PAST_GRACE_MS = 60_000;

/**
 * Accepts "2026-12-01 09:00[:ss]" and "2026-12-01" in local time, or ISO 8601 with a zone
 * ("2026-12-01T09:00:00Z", "...+02:00"). Anything else is refused rather than guessed.
 */
export function parseAt(text: string, now = Date.now()): number {
  const input = String(text).trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(input);
  let ms: number;
  if (local) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = local.slice(1);
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    // new Date rolls 2026-02-31 over to March; a date that does not round-trip does not exist.
    if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d) || date.getHours() !== Number(h) || date.getMinutes() !== Number(mi)) throw badAt(text);
    ms = date.getTime();
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(input)) {
    ms = Date.parse(input);
  } else {
    throw badAt(text);
  }
  if (Number.isNaN(ms)) throw badAt(text);
  // A minute's grace: the current minute ("09:00" typed at 09:00:40) and a little clock skew are fine.
  if (ms < now - PAST_GRACE_MS) throw new UsageError(`--at "${text}" is more than a minute in the past: give a future time, or drop --at to run it next`);
  return ms;
}

function badAt(text: string): UsageError {
  return new UsageError(`bad --at "${text}": use "YYYY-MM-DD HH:MM" (local time) or ISO 8601 with a zone, e.g. 2026-12-01T09:00:00Z`);
}

/** --at or --in (not both), or undefined when neither is given. */
export function parseRunAt(at: string | undefined, inText: string | undefined, now = Date.now()): number | undefined {
  if (at !== undefined && inText !== undefined) throw new UsageError('give --at or --in, not both');
  if (at !== undefined) return parseAt(at, now);
  if (inText !== undefined) return now + parseDurationMs(inText, '--in');
  return undefined;
}
