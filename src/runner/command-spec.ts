/** What the runner needs to know about a command to run: a block's fields, without the queue's types. */
import type { Command, ExecOutcome } from '../command.js';

export interface CommandSpec {
  /** the block id: names the log files and is passed as WORKBLOCK_ID */
  id: number;
  /** passed as WORKBLOCK_ATTEMPT and written in the log's attempt markers */
  attempts: number;
  command: Command | null;
  cwd: string | null;
  env: Record<string, string>;
  timeoutMs: number | null;
}

/** One command handed to a CommandRunner. */
export interface LaunchedCommand {
  /** the outcome, or null when the command was taken back before it started */
  done: Promise<ExecOutcome | null>;
  /** resolves with the process group running it once it started; null if it never did */
  started: Promise<number | null>;
  hasStarted: boolean;
  /** Signals the command's process group (SIGKILL after the grace period), or takes it back if not started. */
  kill(signal: NodeJS.Signals): void;
  /** Takes the command back if it has not started yet (done then resolves with null). */
  cancel(): void;
  /** true when it was stopped from outside (kill, or its process vanished): its outcome is not its own */
  interrupted: boolean;
}

/** Runs commands within a concurrency cap; commands beyond it wait in order. */
export interface CommandRunner {
  run(spec: CommandSpec): LaunchedCommand;
  /**
   * Ends the runner's processes; a command still running is killed with SIGKILL. With `stopped` (the
   * executor was told to stop), so is whatever its commands left in their process groups.
   */
  close(opts?: { stopped?: boolean }): void;
}
