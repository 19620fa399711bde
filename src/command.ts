/**
 * What a block's command is and what running it produced: shared by the store (which keeps outcomes),
 * the runner (which produces them) and the worker, so it sits below all three.
 */

/** How a block's command is run: a shell string (the user's own command) or an argv without a shell. */
export type Command = { shell: string } | { argv: string[] };

/** The result of running one block, shaped like execa's result. */
export interface ExecOutcome {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** the last lines the command wrote to stdout in this attempt */
  stdoutTail: string;
  stderrTail: string;
  error: string | null;
  attempt: number;
  startedAt: number;
  finishedAt: number;
}
