/**
 * Every way a process can be told to stop while it executes: SIGINT (Ctrl-C), SIGTERM, SIGHUP (the
 * terminal closed), and a closed stdout or stderr (`execute | head`, EPIPE). Each aborts one
 * AbortSignal whose reason names it; the executor's one shutdown path does the rest.
 */

export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE';

/** Exit codes by reason, as shells report death by a signal (128 + n); a closed output is a failure. */
export const STOP_EXIT: Record<StopReason, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, EPIPE: 1 };

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
  return {
    signal: controller.signal,
    dispose: () => {
      handlers.forEach(([name, h]) => process.off(name, h));
      // The output listeners stay: a write after the stop must not crash the process (see guardOutput).
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
