/**
 * How many blocks an executor claims ahead of a free slot. Claiming ahead pays for instant commands:
 * the next one starts the moment one ends, while the executor's database work runs. For commands that
 * take a while it only hoards work: blocks queued behind a `sleep 0.05` wait here while other
 * executors find nothing ready and stop (bench: 4 executors on 200 x `sleep 0.05`). So the depth
 * follows the last command's duration: about PREFETCH_HOLD_MS of work ahead, at most MAX_AHEAD blocks.
 */
export const MAX_AHEAD = 8;
/** How long blocks claimed ahead may wait before going back (see the executor's wait). */
export const PREFETCH_HOLD_MS = 50;

/** Blocks to claim ahead, given how long the last command ran (undefined before any ended). */
export function prefetchDepth(lastDurationMs: number | undefined): number {
  if (lastDurationMs === undefined) return MAX_AHEAD;
  return Math.min(MAX_AHEAD, Math.floor(PREFETCH_HOLD_MS / Math.max(1, lastDurationMs)));
}
