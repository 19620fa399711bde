/** Checked numeric arguments: a clear usage error instead of NaN or a silent zero. */
import { UsageError } from '../errors.js';

export function positiveInt(value: unknown, flag: string): number {
  const n = typeof value === 'number' ? value : Number(String(value ?? '').trim() || NaN);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`bad ${flag} "${String(value)}": use a whole number of 1 or more`);
  return n;
}
