/**
 * The one duration parser. Text like "30s", "1h30m", "500ms", "7d" (units ms, s, m, h, d, w), or a
 * bare number read in the field's own unit: seconds for `timeout`/`retry_delay`/flags, milliseconds
 * for `*_ms` fields. Each field has a documented range (DURATION_RANGES), checked on every input path.
 */
import { fail, shown } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

const DAY = 86_400_000;

/** Inclusive ranges in ms; 30 days is far inside what the runtime can wait for. */
export const DURATION_RANGES = {
  timeout: { min: 1, max: 30 * DAY, text: '1ms to 30d' },
  retry_delay: { min: 0, max: 30 * DAY, text: '0s to 30d' },
  /** --since, --older-than: any age up to 100 years */
  age: { min: 0, max: 36_500 * DAY, text: '0s to 36500d' },
} as const;

export type DurationKind = keyof typeof DURATION_RANGES;

const EXAMPLE = 'use a number with ms, s, m, h, d or w (e.g. 30s, 1h30m, 7d)';

/** Text or a number into whole milliseconds, or null when the text is not a duration. */
export function durationMs(value: string | number, bareUnitMs: number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * bareUnitMs) : null;
  const input = value.trim().toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * bareUnitMs);
  const negative = input.startsWith('-');
  const body = negative ? input.slice(1).trim() : input;
  const parts = [...body.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*/g)];
  if (!parts.length || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== body.replace(/\s/g, '')) return null;
  let ms = 0;
  for (const [, amount, unit] of parts) {
    if (!(unit in UNIT_MS)) return null;
    ms += Number(amount) * UNIT_MS[unit];
  }
  return Math.round(negative ? -ms : ms);
}

/**
 * Parses and range-checks one duration field. `field` names it in errors (`timeout`, `--timeout`);
 * `bareUnitMs` is what a bare number means (1000: seconds, 1: milliseconds).
 */
export function parseDuration(value: unknown, field: string, kind: DurationKind, bareUnitMs = 1000): number {
  const range = DURATION_RANGES[kind];
  const ms = typeof value === 'string' || typeof value === 'number' ? durationMs(value, bareUnitMs) : null;
  if (ms === null) fail(field, `${shown(value)} is not a duration`, EXAMPLE);
  if (ms < range.min || ms > range.max) fail(field, `${shown(value)} is out of range`, `use ${range.text}`);
  return ms;
}

/** For bare-number `*_ms` fields: a whole number of milliseconds in range. */
export function parseMsField(value: unknown, field: string, kind: DurationKind): number {
  const range = DURATION_RANGES[kind];
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(field, `${shown(value)} is not a whole number of milliseconds`, `use an integer from ${range.min} to ${range.max}`);
  if (value < range.min || value > range.max) fail(field, `${value} is out of range`, `use ${range.min} to ${range.max} (${range.text})`);
  return value;
}
