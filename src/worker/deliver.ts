/** Hands a finished block to every logger; the block counts as delivered only if all of them accepted. */
import type { Logger } from '../loggers/logger.js';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { coerceError } from '../errors.js';
import { redactText } from '../format/redact.js';

/**
 * One key per run of a block: the block, its creation time and when that run started. Re-deliveries of
 * one run (a refusal, a crash while delivering) repeat it, as the run's outcome is stored; a new run (a
 * retry, `workblock retry`, a re-run after a crash mid-command) gets a new one. Format:
 * `wb-<id>-<created_at ms>-<run started_at ms>`.
 */
export function idempotencyKey(block: WorkBlock, outcome: ExecOutcome): string {
  return `wb-${block.id}-${block.createdAt}-${outcome.startedAt}`;
}

/** Returns null when every logger accepted, else the first refusal as a one-line message. */
export async function deliver(loggers: Logger[], block: WorkBlock, outcome: ExecOutcome): Promise<string | null> {
  const ctx = { idempotencyKey: idempotencyKey(block, outcome) };
  for (const logger of loggers) {
    try {
      await logger.log(block, outcome, ctx);
    } catch (e) {
      return redactText(`logger ${logger.name} failed: ${coerceError(e).message}`, block.env);
    }
  }
  return null;
}
