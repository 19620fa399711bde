/** What execute() takes, tells while it runs, and returns: the worker's contract with the facade and the CLI. */
import type { Logger } from '../loggers/logger.js';
import type { BlockReport, ExecuteSummary, WorkBlock } from '../queue/types.js';

export type ExecuteEvent =
  | { type: 'recovered'; ids: number[] }
  /** schedule occurrences queued while it ran (execute --wait) */
  | { type: 'scheduled'; ids: number[] }
  | { type: 'warning'; message: string }
  | { type: 'start'; block: WorkBlock }
  | { type: 'finish'; block: WorkBlock; report: BlockReport };

export interface ExecuteOptions {
  /** most blocks to claim; Infinity runs until nothing is ready (with `wait`, until stopped) */
  n: number;
  /** when nothing is ready, wait for work (see wait-step.ts) until N blocks, the deadline or a stop */
  wait?: boolean;
  /**
   * With `wait` on SQLite: the longest between looks for work when no commit by another process was
   * seen (default 1000 ms). Commits wake the worker at once; delayed blocks wake it when due.
   */
  waitPollMs?: number;
  concurrency?: number;
  loggers: Logger[];
  logsDir: string;
  tags?: string[];
  batch?: string | null;
  abortOnFailure?: boolean;
  /** epoch ms after which nothing new is claimed; running blocks finish */
  deadline?: number;
  /** keep going until retries of started blocks are done, sleeping while holding nothing */
  waitForRetries?: boolean;
  /** aborting it stops the executor; its reason (a signal name, 'EPIPE') is forwarded to commands */
  signal?: AbortSignal;
  onEvent?: (e: ExecuteEvent) => void;
  /**
   * Keep every per-block report only while there are at most this many (default: no limit); past
   * it, only those that did not succeed. The counts stay complete. A summary table needs a few.
   */
  keepReports?: number;
}

export interface ExecuteResult extends ExecuteSummary {
  paused: boolean;
  /** why it stopped early: a signal name, 'EPIPE' for a closed output; null when it ran to the end */
  interruptedBy: string | null;
}
