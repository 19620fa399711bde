/**
 * Every way a process can be told to stop while it executes: SIGINT (Ctrl-C), SIGTERM, SIGHUP (the
 * terminal closed), a closed stdout or stderr (`execute | head`, EPIPE), and an error nothing caught
 * (an exception thrown from a timer, a rejected promise nobody awaited: say, in a module logger).
 * Each aborts one AbortSignal whose reason names it; the executor's one shutdown path does the rest.
 */
import { coerceError } from '../errors.js';
import { visibleLine } from '../format/terminal-text.js';

export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE' | 'error';

/** Exit codes by reason, as shells report death by a signal (128 + n); a closed output or an error is a failure. */
export const STOP_EXIT: Record<StopReason, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, EPIPE: 1, error: 1 };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What the running commands receive: the signal we got, or SIGTERM when the reason is not a signal. */
export function forwardedSignal(reason: unknown): NodeJS.Signals {
  return SIGNALS.includes(reason as (typeof SIGNALS)[number]) ? (reason as NodeJS.Signals) : 'SIGTERM';
}

/** An AbortSignal that fires on the first stop request; a notice goes to stderr while it still works. */
export function watchForStop(notice = 'starting nothing new, stopping running commands...'): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const request = (reason: StopReason) => {
    if (controller.signal.aborted) return;
    if (reason !== 'EPIPE') process.stderr.write(`\n${reason}: ${notice}\n`);
    controller.abort(reason);
  };
  const handlers = SIGNALS.map((name) => [name, () => request(name)] as const);
  handlers.forEach(([name, h]) => process.on(name, h));
  const onOutputError = () => request('EPIPE');
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  // Without these Node would exit at once with a stack trace, leaving commands running and their
  // blocks claimed until recovery. The first error is the one reported, on one line; later ones
  // (often the same bug again) change nothing: the run is already stopping and will exit 1.
  let reported = false;
  const onUncaught = (e: unknown) => {
    if (!reported) {
      const err = coerceError(e);
      process.stderr.write(`\nworkblock: ${visibleLine(err.message)} (an unexpected error): ${notice}\n`);
      // As cli/report-error.ts does for every other error (this one never reaches it).
      if (process.argv.includes('--debug') || process.env.WORKBLOCK_DEBUG === '1') process.stderr.write(`${err.stack}\n`);
    }
    reported = true;
    if (!controller.signal.aborted) controller.abort('error' satisfies StopReason);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  return {
    signal: controller.signal,
    dispose: () => {
      handlers.forEach(([name, h]) => process.off(name, h));
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      // A write after the stop cannot crash the process: guardOutput's quiet listener stays for that.
      process.stdout.off('error', onOutputError);
      process.stderr.off('error', onOutputError);
    },
  };
}

/**
 * A closed stdout or stderr raises EPIPE on the next write; without a listener Node exits with a stack
 * trace. Every command installs this once: output to a reader that left is dropped, quietly.
 */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) if (!stream.listenerCount('error')) stream.on('error', () => undefined);
}
