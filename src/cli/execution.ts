/** Shared by `execute` and `run`: progress, signals, summary and exit code around Queue.execute. */
import { endProgress, progressReporter } from '../format/progress.js';
import { printSummary } from '../format/summary.js';
import type { ExecuteResult } from '../worker/executor.js';
import type { ExecuteSummary } from '../queue/types.js';
import type { Queue, QueueExecuteOptions } from '../queue/queue.js';
import { setExitCode } from './context.js';
import { STOP_EXIT, watchForStop, type StopReason } from '../worker/shutdown.js';

/** Runs the executor with live progress on stderr, stopping cleanly on Ctrl-C, SIGTERM, SIGHUP or a closed output. */
export async function executeWithProgress(q: Queue, opts: QueueExecuteOptions & { total: number }): Promise<ExecuteResult> {
  const signals = watchForStop();
  try {
    return await q.execute({ ...opts, signal: signals.signal, onEvent: progressReporter(opts.total) });
  } finally {
    endProgress();
    signals.dispose();
  }
}

/** Prints the summary and sets the exit code: 1 when anything failed, 130/143/129 when stopped by a signal. */
export function reportExecution(summary: ExecuteSummary, result: ExecuteResult, json: boolean): void {
  if (result.paused && !result.executed) process.stderr.write('queue is paused: nothing claimed (`workblock resume` to continue)\n');
  printSummary(summary, json);
  if (!summary.success) setExitCode(1);
  if (result.interruptedBy) setExitCode(STOP_EXIT[result.interruptedBy as StopReason] ?? 1);
}
