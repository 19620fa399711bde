/** What becomes of a block whose outcome is recorded: retry later, or deliver to loggers and then succeed or fail for good. */
import type { Logger } from '../loggers/logger.js';
import type { Settlement } from '../store/settle.js';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { retryDelayMs } from './backoff.js';
import { deliver } from './deliver.js';

export interface Finished {
  block: WorkBlock;
  outcome: ExecOutcome;
  /** stopped by `workblock kill` (recorded failed): the user's verdict, so its retries are not used */
  killed?: boolean;
}

export async function decide({ block, outcome, killed }: Finished, loggers: Logger[]): Promise<Settlement> {
  if (!outcome.ok && block.attempts <= block.maxRetries && !killed) {
    return { kind: 'retry', block, outcome, runAt: Date.now() + retryDelayMs(block.attempts, block.retryDelayMs) };
  }
  const refusal = await deliver(loggers, block, outcome);
  if (refusal) return { kind: 'undelivered', block, outcome, error: refusal };
  return outcome.ok ? { kind: 'success', block, outcome } : { kind: 'failed', block, outcome };
}
