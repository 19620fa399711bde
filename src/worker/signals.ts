/** Ctrl-C and SIGTERM during execute: stop claiming, forward to running commands, exit 130 / 143 once tidy. */

export const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** An AbortSignal that fires on the first SIGINT/SIGTERM; its reason is the signal name. */
export function abortOnSignals(notice = 'starting nothing new, stopping running commands...'): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      if (!controller.signal.aborted) process.stderr.write(`\n${name}: ${notice}\n`);
      controller.abort(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, dispose: () => handlers.forEach(([n, h]) => process.off(n, h)) };
}
