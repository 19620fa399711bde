/**
 * The blocks this executor holds that have not ended: claimed and waiting for room (`ready`), and
 * handed to the runner (queued there or running). It turns the runner's promises into three events
 * for the executor, and owns the order in which a stop signals them.
 */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import type { CommandRunner, LaunchedCommand } from '../runner/command-spec.js';
import { withPreflight } from '../runner/preflight.js';

export interface InFlightEvents {
  /** the command started, in process group `pid` */
  started(block: WorkBlock, pid: number): void;
  /** the command ended; `interrupted` when a stop ended it */
  ended(block: WorkBlock, outcome: ExecOutcome, interrupted: boolean): void;
  /** taken back, or stopped, before it started: it never ran */
  neverStarted(block: WorkBlock): void;
}

export class InFlight {
  /** claimed, not yet handed to the runner */
  private readonly ready: WorkBlock[] = [];
  /** queued in the runner or running */
  private readonly handed = new Map<number, LaunchedCommand>();

  constructor(
    private readonly runner: CommandRunner,
    private readonly on: InFlightEvents,
  ) {}

  /** blocks handed to the runner and not ended */
  get inRunner(): number {
    return this.handed.size;
  }

  /** blocks claimed and not yet handed to the runner */
  get waitingForRoom(): number {
    return this.ready.length;
  }

  hold(block: WorkBlock): void {
    this.ready.push(block);
  }

  /** Hands waiting blocks to the runner, in claim order, while fewer than `depth` are there. */
  startUpTo(depth: number, mayStart: () => boolean): void {
    while (mayStart() && this.ready.length && this.handed.size < depth) this.start(this.ready.shift()!);
  }

  /** Stopping: the blocks that never reached the runner. */
  takeReady(): WorkBlock[] {
    return this.ready.splice(0);
  }

  /** Handed to the runner, not started yet (queued behind running commands). */
  queued(): LaunchedCommand[] {
    return [...this.handed.values()].filter((h) => !h.hasStarted);
  }

  /**
   * Signals every command handed to the runner. Waiting ones first: signalled first, a running one
   * could end and let the spawner start the next.
   */
  signal(signal: NodeJS.Signals): void {
    const handles = [...this.handed.values()];
    for (const handle of handles) if (!handle.hasStarted) handle.kill(signal);
    for (const handle of handles) if (handle.hasStarted) handle.kill(signal);
  }

  /** Ends the runner; only an unrecoverable error leaves commands running here, and they die with it. */
  close(stopped: boolean): void {
    this.runner.close({ stopped });
  }

  private start(block: WorkBlock): void {
    const handle = this.runner.run(block.check && block.command ? { ...block, command: withPreflight(block.command, block.check) } : block);
    this.handed.set(block.id, handle);
    // The process group is reported when it starts, not when the command ends: recovery needs it while it runs.
    void handle.started.then((pid) => {
      if (pid) this.on.started(block, pid);
    });
    void handle.done.then((outcome) => {
      this.handed.delete(block.id);
      if (outcome) this.on.ended(block, outcome, handle.interrupted);
      else this.on.neverStarted(block);
    });
  }
}
