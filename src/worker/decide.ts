/** What becomes of a block that ran: retry later, or deliver to loggers and then succeed or fail for good. */
import type { Logger } from '../loggers/logger.js';
import type { Settlement } from '../store/settle.js';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { retryDelayMs } from './backoff.js';
import { deliver } from './deliver.js';

export interface Finished {
  block: WorkBlock;
  outcome: ExecOutcome;
  /** stopped by our own forwarded signal (Ctrl-C): goes back to pending */
  interrupted?: boolean;
}

export async function decide({ block, outcome, interrupted }: Finished, loggers: Logger[]): Promise<Settlement> {
  if (interrupted) return { kind: 'interrupted', block };
  if (!outcome.ok && block.attempts <= block.maxRetries) {
    return { kind: 'retry', block, outcome, runAt: Date.now() + retryDelayMs(block.attempts, block.retryDelayMs) };
  }
  const refusal = await deliver(loggers, block, outcome);
  if (refusal) return { kind: 'undelivered', block, outcome, error: refusal };
  return outcome.ok ? { kind: 'success', block, outcome } : { kind: 'failed', block, outcome };
}

/** Blocks without a command are units of work already done: executing them records them. */
export function recordedOutcome(block: WorkBlock): ExecOutcome {
  const now = Date.now();
  return { ok: true, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdoutTail: '', stderrTail: '', error: null, attempt: block.attempts, startedAt: now, finishedAt: now };
}
