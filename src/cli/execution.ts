/** Shared by `execute` and `run`: progress, signals, summary and exit code around Queue.execute. */
import { endProgress, progressReporter } from '../format/progress.js';
import { printSummary } from '../format/summary.js';
import type { ExecuteResult } from '../exec/executor.js';
import type { Queue, QueueExecuteOptions } from '../queue/queue.js';
import { setExitCode } from './context.js';
import { abortOnSignals, SIGNAL_EXIT } from './signals.js';

export async function executeWithProgress(q: Queue, opts: QueueExecuteOptions & { json?: boolean; total: number }): Promise<ExecuteResult> {
  const signals = abortOnSignals();
  let result: ExecuteResult;
  try {
    result = await q.execute({ ...opts, signal: signals.signal, onEvent: progressReporter(opts.total) });
  } finally {
    endProgress();
    signals.dispose();
  }
  if (result.paused && !result.executed) process.stderr.write('queue is paused: nothing claimed (`workblock resume` to continue)\n');
  printSummary(result, !!opts.json);
  if (!result.success) setExitCode(1);
  if (result.interruptedBy) setExitCode(SIGNAL_EXIT[result.interruptedBy] ?? 130);
  return result;
}
