/**
 * Runs block commands on up to `slots` spawners at once and queues the rest in order, so the next
 * command starts the moment one ends, without waiting for the executor's database work. A queued block
 * can be taken back (cancel) until it starts.
 *
 * With one slot, the next commands are handed to the spawner before the running one ends (up to
 * AHEAD of them): the spawner starts each the moment the previous ends, even while this thread is
 * busy committing. Every queued command waits for that one spawner anyway, so nothing is lost. Not
 * behind a command with a timeout, though: its timer signals the spawner's process group, which a
 * command that started the moment it ended would receive instead.
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
}

export class CommandPool implements CommandRunner {
  private readonly all: Spawner[] = [];
  private readonly queue: Queued[] = [];
  /** commands handed to each spawner and not ended, and how many of them have a timeout */
  private readonly handed = new Map<Spawner, { count: number; timed: number }>();

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
    const entry: Queued = {
      spec: block,
      start: (spawner) => {
        let freed = false;
        const free = () => {
          if (!freed) this.release(spawner, block);
          freed = true;
        };
        const onStart = () => {
          handle.hasStarted = true;
          started(spawner.pgid);
        };
        command = runCommand(block, path.join(this.logsDir, `${block.id}.log`), spawner, { onStart, onSpawnerFree: free }, this.order);
        void command.done.then((outcome) => {
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
    };
    const handle: LaunchedCommand = {
      hasStarted: false,
      interrupted: false,
      started: new Promise((r) => (started = r)),
      done: new Promise((r) => (done = r)),
      kill: (signal) => {
        if (command) command.kill(signal);
        else this.takeBack(entry);
      },
      cancel: () => {
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
      const h = this.handed.get(spawner) ?? { count: 0, timed: 0 };
      h.count++;
      if (entry.spec.timeoutMs) h.timed++;
      this.handed.set(spawner, h);
      entry.start(spawner);
    }
  }

  /** An idle spawner, a new one while fewer than `slots` run, or with one slot the busy one (see above). */
  private spawnerFor(): Spawner | null {
    const alive = this.all.filter((s) => s.alive);
    const idle = alive.find((s) => !this.handed.get(s)?.count);
    if (idle) return idle;
    if (alive.length < this.slots) {
      if (!this.all.length) fs.mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
      const spawner = new Spawner(this.logsDir);
      this.all.push(spawner);
      return spawner;
    }
    if (this.slots !== 1) return null;
    const h = this.handed.get(alive[0])!;
    return h.count < AHEAD + 1 && !h.timed ? alive[0] : null;
  }

  private release(spawner: Spawner, spec: CommandSpec): void {
    const h = this.handed.get(spawner)!;
    h.count--;
    if (spec.timeoutMs) h.timed--;
    if (!spawner.alive && !h.count) {
      this.handed.delete(spawner);
      this.all.splice(this.all.indexOf(spawner), 1);
    }
    this.startQueued();
  }
}
