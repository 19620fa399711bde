/**
 * Messages between the executor and its launcher process. The launcher runs at most `slots` commands
 * (given with every run, as the process may be started before the executor knows it) and queues the
 * rest in order, so the next command starts the moment one ends,
 * without waiting for the executor. A queued block can be taken back (cancel); one that started cannot.
 */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';

export type LauncherRequest =
  | { type: 'run'; block: WorkBlock; logPath: string; slots: number }
  /** take a queued block back; ignored once it started */
  | { type: 'cancel'; id: number }
  /** take a queued block back, or signal a running command's process group */
  | { type: 'kill'; id: number; signal: NodeJS.Signals };

export type LauncherReply =
  | { type: 'started'; id: number; pid: number | null }
  | { type: 'cancelled'; id: number }
  | { type: 'done'; id: number; outcome: ExecOutcome; interrupted: boolean };
