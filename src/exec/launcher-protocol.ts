/** Messages between the executor and its launcher process. */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';

export type LauncherRequest =
  | { type: 'run'; block: WorkBlock; logPath: string }
  | { type: 'kill'; id: number; signal: NodeJS.Signals };

export type LauncherReply =
  | { type: 'started'; id: number; pid: number | null }
  | { type: 'done'; id: number; outcome: ExecOutcome; interrupted: boolean };
