/**
 * Runs block commands on up to `slots` spawners at once and queues the rest in order, so the next
 * command starts the moment one ends, without waiting for the executor's database work. A queued block
 * can be taken back (cancel) until it starts.
 *
 * The next commands are handed to a busy spawner before its running one ends, up to AHEAD of them per
 * spawner. The spawner starts each the moment the previous ends, even while this thread is busy
 * committing (with two slots and 200 `true` commands, about 15% of the run went to spawners waiting
 * for this thread; with one command ahead per spawner, a spawner that had run it waited for this
 * thread's next write, which then woke it on this core as often as not). With several slots a command
 * handed over may wait behind a long one while another spawner is free: a spawner left with nothing
 * takes such a command back from the other and runs it (the start tokens make that safe: it is taken
 * back or started, never both). Never behind a command with a timeout: its timer signals the
 * spawner's process group, which a command that started the moment it ended would receive instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecOutcome } from '../command.js';
import type { CommandRunner, CommandSpec, LaunchedCommand } from './command-spec.js';
import { OutputOrder } from './output-order.js';
import { runCommand, type RunningCommand } from './run-command.js';
import { Spawner } from './spawner.js';

const AHEAD = 3;

interface Queued {
  spec: CommandSpec;
  start: (spawner: Spawner) => void;
  cancel: () => void;
  /** Takes it back from its spawner to hand it to another: false when it has started (or is ending). */
  move: () => boolean;
}

export class CommandPool implements CommandRunner {
  private readonly all: Spawner[] = [];
  private readonly queue: Queued[] = [];
  /** commands handed to each spawner and not ended, in the order handed (the first one runs) */
  private readonly handed = new Map<Spawner, Queued[]>();

  /** which of stdout and stderr came first, for `logs` (output-order.ts) */
  private readonly order: OutputOrder;

  constructor(
    private readonly slots: number,
    private readonly logsDir: string,
  ) {
    this.order = new OutputOrder(logsDir);
  }

  run(block: CommandSpec): LaunchedCommand {
    let started!: (pgid: number | null) => void;
    let done!: (outcome: ExecOutcome | null) => void;
    let command: RunningCommand | null = null;
    /** taken back from one spawner to run on another (see move) */
    let moving = false;
    /** taken back or killed by the executor: never handed over again */
    let withdrawn = false;
    const entry: Queued = {
      spec: block,
      start: (spawner) => {
        let freed = false;
        const free = () => {
          if (!freed) this.release(spawner, entry);
          freed = true;
        };
        const onStart = () => {
          handle.hasStarted = true;
          started(spawner.pgid);
        };
        command = runCommand(block, path.join(this.logsDir, `${block.id}.log`), spawner, { onStart, onSpawnerFree: free }, this.order);
        void command.done.then((outcome) => {
          if (moving && !withdrawn && outcome === null) {
            moving = false;
            command = null;
            free();
            this.queue.unshift(entry); // first in line again, ahead of anything queued since
            return this.startQueued();
          }
          handle.interrupted = command!.interrupted;
          free(); // (a command refused or taken back never reported an end)
          if (!handle.hasStarted) started(null);
          done(outcome);
        });
      },
      cancel: () => {
        started(null);
        done(null);
      },
      move: () => !!command && !handle.hasStarted && !moving && !withdrawn && (moving = command.cancel()),
    };
    const handle: LaunchedCommand = {
      hasStarted: false,
      interrupted: false,
      started: new Promise((r) => (started = r)),
      done: new Promise((r) => (done = r)),
      kill: (signal) => {
        withdrawn = true;
        if (command) command.kill(signal);
        else this.takeBack(entry);
      },
      cancel: () => {
        withdrawn = true;
        if (command) command.cancel();
        else this.takeBack(entry);
      },
    };
    this.queue.push(entry);
    this.startQueued();
    return handle;
  }

  /** Ends the spawners; any still running a command is killed (its block goes back to pending). */
  close(opts: { stopped?: boolean } = {}): void {
    this.all.forEach((s) => s.close(opts.stopped));
    this.order.close();
  }

  private takeBack(entry: Queued): void {
    const at = this.queue.indexOf(entry);
    if (at < 0) return;
    this.queue.splice(at, 1);
    entry.cancel();
  }

  private startQueued(): void {
    for (let spawner = this.spawnerFor(); spawner && this.queue.length; spawner = this.spawnerFor()) {
      const entry = this.queue.shift()!;
      const handed = this.handed.get(spawner) ?? [];
      handed.push(entry);
      this.handed.set(spawner, handed);
      entry.start(spawner);
    }
    if (!this.queue.length) this.moveWaitingToIdle();
  }

  /**
   * A spawner with nothing to run takes back a command waiting behind another spawner's running one
   * (the newest handed over) and runs it; it starts on the idle one once its take-back is confirmed.
   */
  private moveWaitingToIdle(): void {
    if (this.slots === 1 || !this.all.some((s) => s.takesCommands && !this.handed.get(s)?.length)) return;
    for (const handed of this.handed.values()) {
      const waiting = handed.length > 1 ? handed[handed.length - 1] : null;
      if (waiting?.move()) return;
    }
  }

  /** An idle spawner, a new one while fewer than `slots` run, or a busy one that may take one more (see above). */
  private spawnerFor(): Spawner | null {
    const alive = this.all.filter((s) => s.takesCommands);
    const idle = alive.find((s) => !this.handed.get(s)?.length);
    if (idle) return idle;
    if (alive.length < this.slots) {
      if (!this.all.length) fs.mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
      const spawner = new Spawner(this.logsDir);
      this.all.push(spawner);
      return spawner;
    }
    // The busy spawner with the fewest handed over, if it may take one more.
    let best: Spawner | null = null;
    for (const s of alive) {
      const handed = this.handed.get(s)!;
      if (handed.length <= AHEAD && !handed.some((e) => e.spec.timeoutMs) && (!best || handed.length < this.handed.get(best)!.length)) best = s;
    }
    return best;
  }

  private release(spawner: Spawner, entry: Queued): void {
    const handed = this.handed.get(spawner)!;
    handed.splice(handed.indexOf(entry), 1);
    if (!spawner.alive && !handed.length) {
      this.handed.delete(spawner);
      this.all.splice(this.all.indexOf(spawner), 1);
    }
    this.startQueued();
  }
}
