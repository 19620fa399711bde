/**
 * Runs block commands on up to `slots` spawners at once and queues the rest in order, so the next
 * command starts the moment one ends, without waiting for the executor's database work. A queued block
 * can be taken back (cancel) until it starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecOutcome } from '../command.js';
import type { CommandRunner, CommandSpec, LaunchedCommand } from './command-spec.js';
import { runCommand, type RunningCommand } from './run-command.js';
import { Spawner } from './spawner.js';

interface Queued {
  start: (spawner: Spawner) => void;
  cancel: () => void;
}

export class CommandPool implements CommandRunner {
  private readonly idle: Spawner[] = [];
  private readonly all: Spawner[] = [];
  private readonly queue: Queued[] = [];
  private running = 0;

  constructor(
    private readonly slots: number,
    private readonly logsDir: string,
  ) {}

  run(block: CommandSpec): LaunchedCommand {
    let started!: (pgid: number | null) => void;
    let done!: (outcome: ExecOutcome | null) => void;
    let command: RunningCommand | null = null;
    const entry: Queued = {
      start: (spawner) => {
        handle.hasStarted = true;
        let freed = false;
        const free = () => {
          if (!freed) this.release(spawner);
          freed = true;
        };
        command = runCommand(block, path.join(this.logsDir, `${block.id}.log`), spawner, free);
        started(spawner.pgid);
        void command.done.then((outcome) => {
          handle.interrupted = command!.interrupted;
          free(); // (a command refused before it started never used the spawner)
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
        if (!command) this.takeBack(entry);
      },
    };
    this.queue.push(entry);
    this.startQueued();
    return handle;
  }

  /** Ends the spawners; any still running a command is killed (its block goes back to pending). */
  close(): void {
    this.all.forEach((s) => s.close());
  }

  private takeBack(entry: Queued): void {
    const at = this.queue.indexOf(entry);
    if (at < 0) return;
    this.queue.splice(at, 1);
    entry.cancel();
  }

  private startQueued(): void {
    while (this.running < this.slots && this.queue.length) {
      this.running++;
      this.queue.shift()!.start(this.spawner());
    }
  }

  private spawner(): Spawner {
    for (let s = this.idle.pop(); s; s = this.idle.pop()) if (s.alive) return s;
    if (!this.all.length) fs.mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
    const spawner = new Spawner(this.logsDir);
    this.all.push(spawner);
    return spawner;
  }

  private release(spawner: Spawner): void {
    this.running--;
    if (spawner.alive) this.idle.push(spawner);
    else this.all.splice(this.all.indexOf(spawner), 1);
    this.startQueued();
  }
}
