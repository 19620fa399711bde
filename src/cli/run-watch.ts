/**
 * `run FILE --watch`: runs the batch, then again each time FILE changes. Changes are debounced, a
 * change during a run queues exactly one more run after it (never two at once), and a bad edit is
 * reported and waited out. Ctrl-C stops a run the usual way (exit 130) or, when idle, just stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportError } from './report-error.js';

export const WATCH_DEBOUNCE_MS = 200;

export async function watchBatch(file: string, runOnce: () => Promise<void>): Promise<void> {
  let dirty = true;
  let stopped = false;
  let wake: (() => void) | null = null;
  let debounce: NodeJS.Timeout | undefined;
  const poke = () => {
    wake?.();
    wake = null;
  };
  // Editors often save by writing a new file and renaming it over the old one, so watch the directory.
  const base = path.basename(file);
  const watcher = fs.watch(path.dirname(path.resolve(file)), (_event, name) => {
    if (name && name.toString() !== base) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      dirty = true;
      poke();
    }, WATCH_DEBOUNCE_MS);
  });
  const stop = () => {
    stopped = true;
    poke();
  };
  // The same stop requests execute honours (worker/shutdown.ts); during a run, its own handler stops the run.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  signals.forEach((s) => process.on(s, stop));
  try {
    while (!stopped) {
      if (!dirty) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      dirty = false;
      // Each run's exit code stands alone: a fixed batch is not held to an earlier failure.
      process.exitCode = 0;
      try {
        await runOnce();
      } catch (e) {
        reportError(e, []);
      }
      if (!stopped) process.stderr.write(`watching ${file} for changes (Ctrl-C to stop)\n`);
    }
  } finally {
    clearTimeout(debounce);
    watcher.close();
    signals.forEach((s) => process.off(s, stop));
  }
}
