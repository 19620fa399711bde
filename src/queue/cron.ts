/**
 * A small five-field cron parser (minute hour day-of-month month day-of-week) and "next time after".
 * Fields take `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, and month/day names.
 * As in Vixie cron, when both day fields are restricted a day matching either one matches.
 * Times are in the local time zone of the process (set TZ to change it).
 */
import { UsageError } from '../errors.js';

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** true when the field was not `*`: decides the day-of-month / day-of-week OR rule */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** the first name's value: 1 for months, 0 for weekdays */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  // 7 is Sunday too, folded to 0 below.
  { label: 'day of week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

export function parseCron(expr: string): CronSchedule {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw cronError(expr, `needs 5 fields (minute hour day month weekday), got ${parts.length}`);
  const sets = parts.map((text, i) => parseField(text, FIELDS[i], expr));
  if (sets[4].delete(7)) sets[4].add(0);
  return { minutes: sets[0], hours: sets[1], days: sets[2], months: sets[3], weekdays: sets[4], daysRestricted: parts[2] !== '*', weekdaysRestricted: parts[4] !== '*' };
}

function parseField(text: string, f: FieldSpec, expr: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(item);
    if (!m) throw cronError(expr, `bad ${f.label} "${item}"`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw cronError(expr, `bad step in ${f.label} "${item}"`);
    let lo = f.min;
    let hi = f.max === 7 ? 6 : f.max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-');
      lo = value(a, f, expr);
      // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
      hi = b !== undefined ? value(b, f, expr) : m[2] !== undefined ? f.max : lo;
      if (lo > hi) throw cronError(expr, `range ${item} in ${f.label} runs backwards`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(text: string, f: FieldSpec, expr: string): number {
  const named = f.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + (f.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= f.min && n <= f.max)) throw cronError(expr, `${f.label} "${text}" is outside ${f.min}-${f.max}`);
  return n;
}

function cronError(expr: string, why: string): UsageError {
  return new UsageError(`bad --cron "${expr}": ${why}: e.g. "0 9 * * 1" (09:00 every Monday)`);
}

function dayMatches(c: CronSchedule, d: Date): boolean {
  const dom = c.days.has(d.getDate());
  const dow = c.weekdays.has(d.getDay());
  if (c.daysRestricted && c.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** The first matching minute strictly after `after` (epoch ms), or null if none within five years. */
export function nextCronTime(c: CronSchedule, after: number): number | null {
  const d = new Date(after);
  d.setSeconds(0, 0);
  d.setMinutes(d.getMinutes() + 1);
  const limit = after + 5 * 366 * 86_400_000;
  // Each step jumps to the start of the next month, day, hour or minute that could match.
  while (d.getTime() <= limit) {
    if (!c.months.has(d.getMonth() + 1)) {
      d.setMonth(d.getMonth() + 1, 1);
      d.setHours(0, 0, 0, 0);
    } else if (!dayMatches(c, d)) {
      d.setDate(d.getDate() + 1);
      d.setHours(0, 0, 0, 0);
    } else if (!c.hours.has(d.getHours())) {
      d.setHours(d.getHours() + 1, 0, 0, 0);
    } else if (!c.minutes.has(d.getMinutes())) {
      d.setMinutes(d.getMinutes() + 1, 0, 0);
    } else {
      return d.getTime();
    }
  }
  return null;
}
