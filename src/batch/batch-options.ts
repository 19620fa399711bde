/** The batch file's own settings beside its commands: its `name` and `abort_on_failure`. */
import { UsageError } from '../errors.js';

export interface BatchOptions {
  name: string | null;
  abortOnFailure: boolean;
}

/** Reads them from a file parseBatchJson already accepted (so the JSON is valid). */
export function readBatchOptions(text: string, file: string): BatchOptions {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const name = doc.name;
  if (name !== undefined && (typeof name !== 'string' || !name.trim())) throw new UsageError(`${file}: "name" must be text`);
  const abort = doc.abort_on_failure ?? doc.abortOnFailure;
  if (abort !== undefined && typeof abort !== 'boolean') throw new UsageError(`${file}: "abort_on_failure" must be true or false`);
  return { name: typeof name === 'string' ? name.trim() : null, abortOnFailure: abort === true };
}
