/**
 * Per-queue defaults kept in settings (`workblock config set KEY VALUE`): how each is checked, what
 * applies when it is unset, and reading them all at once for add, execute and run.
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';

export interface QueueDefaults {
  n: number;
  /** commands at once for execute (unset: 1) and run (unset: the number of cores) */
  concurrency: number | null;
  retries: number | null;
  retryDelayMs: number | null;
  timeoutMs: number | null;
}

function wholeNumber(value: string, key: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`bad ${key} "${value}": use a whole number from ${min} to ${max}`);
  return n;
}

function positiveDuration(v: string): string {
  if (parseDurationMs(v, 'timeout', { requireUnit: true }) <= 0) throw new UsageError(`bad timeout "${v}": use a duration longer than 0, e.g. 10m`);
  return v.trim();
}

/** Each numeric setting: its check (returning what is stored) and the text shown when it is unset. */
export const NUMERIC_SETTINGS: Record<string, { check: (v: string) => string; unset: string }> = {
  n: { check: (v) => String(wholeNumber(v, 'n', 1, 1_000_000)), unset: '5' },
  concurrency: { check: (v) => String(wholeNumber(v, 'concurrency', 1, 1024)), unset: `1 for execute, ${runConcurrency(null)} (the cores) for run` },
  retries: { check: (v) => String(wholeNumber(v, 'retries', 0, 100)), unset: '0' },
  retry_delay: { check: (v) => (parseDurationMs(v, 'retry_delay', { requireUnit: true }), v.trim()), unset: '1s' },
  timeout: { check: positiveDuration, unset: 'none' },
};

export async function readDefaults(db: Kysely<Database>): Promise<QueueDefaults> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['n', 'concurrency', 'retries', 'retry_delay', 'timeout']).execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const num = (k: string) => (get(k) === undefined ? null : Number(get(k)));
  const ms = (k: string) => (get(k) === undefined ? null : parseDurationMs(get(k)!, k));
  return { n: num('n') ?? 5, concurrency: num('concurrency'), retries: num('retries'), retryDelayMs: ms('retry_delay'), timeoutMs: ms('timeout') };
}

/** `run` runs a parallel phase on every core unless told otherwise (a flag, then config). */
export function runConcurrency(configured: number | null): number {
  return configured ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}
