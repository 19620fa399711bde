/** Hands a finished block to every logger; the block counts as delivered only if all of them accepted. */
import type { Logger } from '../loggers/logger.js';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { coerceError } from '../errors.js';
import { redactText } from '../format/redact.js';

/** Stable for a block and attempt, so a re-delivery after a crash can be recognised by the receiver. */
export function idempotencyKey(block: WorkBlock, outcome: ExecOutcome): string {
  return `wb-${block.id}-${block.createdAt}-${outcome.attempt}`;
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
