/**
 * The process groups of exec: and argv: loggers that may still hold processes. A logger can leave a
 * child running after it exits or times out; none of them may outlive execute, so whatever is left is
 * SIGKILLed when the process exits (the 'exit' hook covers every way out but SIGKILL of execute itself).
 */
import { signalGroup } from '../process-group.js';

const groups = new Set<number>();
let hooked = false;

export { signalGroup };

/** Remembers a group led by `pgid`; the returned function forgets it once it is empty (call it when the leader exits). */
export function trackGroup(pgid: number): () => void {
  groups.add(pgid);
  if (!hooked) {
    hooked = true;
    process.on('exit', killLeftoverGroups);
  }
  return () => {
    // Signal 0 tests for members without touching them: a group with none left is forgotten, so a
    // recycled id can never be killed by mistake later.
    if (!signalGroup(pgid, 0)) groups.delete(pgid);
  };
}

/**
 * Sends `signal` to every logger group still tracked. Loggers run away from the terminal's process
 * group, so Ctrl-C does not reach them by itself: execute's shutdown path can forward it here.
 */
export function signalLoggerGroups(signal: NodeJS.Signals): void {
  for (const pgid of groups) signalGroup(pgid, signal);
}

/** SIGKILLs every logger group that may still have members; for execute's shutdown path and the exit hook. */
export function killLeftoverGroups(): void {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups.clear();
}
