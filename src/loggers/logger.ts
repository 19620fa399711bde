/** The Logger contract: every completed block is handed to each configured logger. */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';

export interface LogContext {
  /** Stable per block and attempt, so receivers can drop duplicate deliveries. */
  idempotencyKey: string;
}

export interface Logger {
  readonly name: string;
  /** Resolve to accept the block; reject (throw) to keep it queued for re-delivery. */
  log(block: WorkBlock, outcome: ExecOutcome, ctx: LogContext): Promise<void>;
  close?(): Promise<void>;
}
