/** The domain vocabulary: what a work block is, its states, and what running one produced. */
import type { Command, ExecOutcome } from '../command.js';

export type { Command, ExecOutcome };

/** States stored on a queued block. `retry` is shown for a pending block waiting for its not-before time. */
export type StoredStatus = 'pending' | 'running' | 'failed' | 'blocked';
export type DisplayStatus = StoredStatus | 'retry';
export type HistoryOutcome = 'success' | 'failed';

export interface WorkBlock {
  id: number;
  task: string;
  result: string;
  insight: string;
  nextStep: string;
  status: StoredStatus;
  priority: number;
  tags: string[];
  name: string | null;
  key: string | null;
  command: Command | null;
  cwd: string | null;
  env: Record<string, string>;
  timeoutMs: number | null;
  maxRetries: number;
  retryDelayMs: number;
  runAt: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  attempts: number;
  lastError: string | null;
  /** Set when the block ran but its loggers have not all accepted it yet: the next execute only re-delivers. */
  outcome: ExecOutcome | null;
  dependsOn: number[];
  batch: string | null;
  /** its name inside its run (`workblock run`), unique per run only */
  runName?: string | null;
  /** a pre-flight shell command that must exit 0 before the command starts */
  check?: string | null;
}

export interface HistoryEntry {
  historyId: number;
  id: number;
  task: string;
  result: string;
  insight: string;
  nextStep: string;
  priority: number;
  tags: string[];
  name: string | null;
  command: Command | null;
  outcome: HistoryOutcome;
  exitCode: number | null;
  durationMs: number;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number;
}

/** What `add` accepts; everything but the task is optional. */
export interface NewBlock {
  task: string;
  result?: string;
  insight?: string;
  nextStep?: string;
  priority?: number;
  tags?: string[];
  name?: string | null;
  key?: string | null;
  command?: Command | null;
  cwd?: string | null;
  env?: Record<string, string>;
  timeoutMs?: number | null;
  maxRetries?: number;
  retryDelayMs?: number;
  /** ids or names of blocks this one waits for */
  after?: Array<number | string>;
  /** positions of other blocks in the same add call this one waits for (batch files) */
  afterIndex?: number[];
  batch?: string | null;
  runName?: string | null;
  /** not before this time (epoch ms): `add --at` / `--in`, schedules */
  runAt?: number;
  /** a pre-flight shell command that must exit 0 before the command starts */
  check?: string | null;
}

export interface BlockReport {
  id: number;
  task: string;
  name: string | null;
  /** blocked: never ran, because a dependency failed; not_run: an abort, pause or signal stopped the run first (reported by `run`) */
  status: 'success' | 'failed' | 'retry' | 'undelivered' | 'interrupted' | 'blocked' | 'not_run';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  error: string | null;
}

/** The summary `execute` returns and `--json` prints. */
export interface ExecuteSummary {
  success: boolean;
  executed: number;
  successful: number;
  failed: number;
  duration: number;
  blocks: BlockReport[];
}

export function displayStatus(b: Pick<WorkBlock, 'status' | 'runAt' | 'attempts'>, now = Date.now()): DisplayStatus {
  return b.status === 'pending' && b.attempts > 0 && b.runAt > now ? 'retry' : b.status;
}
