/** Shared by `execute` and `run`: progress, signals, summary and exit code around Queue.execute. */
import { printJson } from '../format/output.js';
import { endProgress, progressReporter } from '../format/progress.js';
import { countInterruptedApart, printSummary } from '../format/summary.js';
import type { ExecuteResult } from '../worker/executor.js';
import type { ExecuteSummary } from '../queue/types.js';
import type { Queue, QueueExecuteOptions } from '../workblock.js';
import { setExitCode } from './context.js';
import { heapCap } from './heap-cap.js';
import { STOP_EXIT, watchForStop, type StopReason } from '../worker/shutdown.js';

/** Runs the executor with live progress on stderr, stopping cleanly on Ctrl-C, SIGTERM, SIGHUP or a closed output. */
export async function executeWithProgress(q: Queue, opts: QueueExecuteOptions & { total: number; quiet?: boolean }): Promise<ExecuteResult> {
  const signals = watchForStop();
  failOnClosedOutput();
  const progress = progressReporter(opts.total);
  // Quiet (cron): only warnings and recoveries, which say something went wrong.
  const shown: typeof progress = opts.quiet ? (e) => (e.type === 'warning' || e.type === 'recovered') && progress(e) : progress;
  const blockFinished = heapCap();
  const onEvent: typeof progress = (e) => {
    if (e.type === 'finish') blockFinished();
    return shown(e);
  };
  try {
    return await q.execute({ ...opts, signal: signals.signal, onEvent });
  } finally {
    endProgress();
    signals.dispose();
  }
}

/**
 * Output a reader never got is a failure: a stdout closed before the summary (`execute | head -0`)
 * raises EPIPE only once the run is over, too late to stop it, but not to exit 1 instead of 0.
 */
let failingOnClosedOutput = false;
function failOnClosedOutput(): void {
  // Once per process: `run --watch` runs again and again, and listeners must not pile up.
  if (failingOnClosedOutput) return;
  failingOnClosedOutput = true;
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => setExitCode(1));
}

/** Prints the summary and sets the exit code: 1 when anything failed, 130/143/129 when stopped by a signal. */
export function reportExecution(summary: ExecuteSummary, result: ExecuteResult, json: boolean, quiet = false): void {
  const paused = result.paused && !result.executed;
  // Quiet: silent unless something failed (a cron job mails whatever it prints).
  if (quiet && summary.success && !result.interruptedBy) return;
  if (paused) process.stderr.write('queue is paused: nothing claimed (`workblock resume` to continue)\n');
  if (paused && json) return printSkipped('queue is paused');
  printSummary(countInterruptedApart(summary), json);
  if (!summary.success) setExitCode(1);
  if (result.interruptedBy) setExitCode(STOP_EXIT[result.interruptedBy as StopReason] ?? 1);
}

/** The JSON summary of an execute that did nothing, and why (cron and heartbeat scripts read it). */
export function printSkipped(reason: string): void {
  printJson({ success: true, executed: 0, successful: 0, failed: 0, duration: 0, duration_ms: 0, blocks: [], interrupted: 0, skipped: reason });
}
