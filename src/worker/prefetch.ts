/**
 * How far ahead of its free slots the executor claims. Short commands are pipelined: blocks claimed
 * ahead wait in the runner, so when a command exits the next starts at once while the executor's
 * database work runs. Claiming ahead pays for short commands only: for longer ones the per-block
 * overhead it hides is noise, and a block held ahead is one that another executor could be running.
 * So an executor claims ahead once its commands have proved short (a moving average of their
 * durations), and a block claimed ahead is taken back if nothing finishes soon.
 */

/**
 * Blocks claimed ahead of a free slot, and how long they may wait before going back. 16 rather than 8:
 * with two slots, about half as many claims (four statements each) for 200 `true` commands.
 */
const PREFETCH = 16;
export const PREFETCH_HOLD_MS = 50;
const SHORT_COMMAND_MS = 30;

export class PrefetchPolicy {
  /** moving average of command durations in this run; null until one ends */
  private typicalMs: number | null = null;
  /** claimed-ahead blocks were taken back: claim no more ahead until a command ends */
  private heldBack = false;
  /** the last command's duration: one short command after long ones is enough to claim ahead again */
  private lastMs = Infinity;

  constructor(
    private readonly concurrency: number,
    /** with --abort-on-failure nothing may start before a failure is judged: no block waits in the runner */
    private readonly abortOnFailure: boolean,
  ) {}

  /** How many blocks to claim ahead of the free slots, now. */
  ahead(): number {
    return this.abortOnFailure || this.typicalMs === null || (this.typicalMs > SHORT_COMMAND_MS && this.lastMs > SHORT_COMMAND_MS) ? 0 : PREFETCH;
  }

  /** How many blocks may be handed to the runner at once (running or queued there). */
  depth(ahead: number): number {
    return this.concurrency + (this.heldBack ? 0 : ahead);
  }

  /** Claim when the runner runs low (or sits idle), not for every slot that frees: fewer commits. */
  runningLow(held: number, ahead: number): boolean {
    return held <= this.concurrency + (ahead >> 1);
  }

  /**
   * Each ending counts for half in the average, which keeps claiming ahead through a long command among
   * short ones; the last duration alone turns it back on after long ones (a build, a gate the queue
   * waited on) as soon as one short command ends, instead of after four (eleven with a fifth weight),
   * each run one hand-over at a time. Guessing short too soon costs little: blocks claimed ahead go
   * back after PREFETCH_HOLD_MS.
   */
  commandEnded(durationMs: number): void {
    this.lastMs = durationMs;
    this.typicalMs = this.typicalMs === null ? durationMs : (this.typicalMs + durationMs) / 2;
    this.heldBack = false;
  }

  /** Blocks queued behind long commands went back: hold no more until a command ends. */
  tookBack(): void {
    this.heldBack = true;
  }
}
