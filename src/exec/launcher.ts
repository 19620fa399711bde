/** The executor's side of the launcher: run a block's command there and get a RunningCommand back. */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import type { LauncherReply, LauncherRequest } from './launcher-protocol.js';

export interface LaunchedCommand {
  done: Promise<ExecOutcome>;
  /** resolves with the command's pid (its process group) once it started */
  started: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  interrupted: boolean;
}

/** The bundled CLI ships launcher.cjs beside its chunks; the tsc build has launcher-process.js. */
function launcherPath(): string {
  for (const name of ['./launcher.cjs', './launcher-process.js']) {
    const file = fileURLToPath(new URL(name, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  throw new Error('launcher not found next to the executor: run `npm run build`');
}

interface Pending {
  started: (pid: number | null) => void;
  done: (o: { outcome: ExecOutcome; interrupted: boolean }) => void;
  block: WorkBlock;
}

export class Launcher {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();

  private ensure(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(launcherPath(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (msg: LauncherReply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'started') p.started(msg.pid);
      else {
        this.pending.delete(msg.id);
        p.done(msg);
      }
    });
    // A launcher that dies takes no block with it: what it ran goes back to pending.
    child.on('exit', () => {
      this.child = null;
      for (const [id, p] of this.pending) {
        p.started(null);
        p.done({ outcome: lostOutcome(p.block), interrupted: true });
        this.pending.delete(id);
      }
    });
    this.child = child;
    return child;
  }

  run(block: WorkBlock, logPath: string): LaunchedCommand {
    const child = this.ensure();
    let started!: (pid: number | null) => void;
    let done!: (o: { outcome: ExecOutcome; interrupted: boolean }) => void;
    const handle: LaunchedCommand = {
      interrupted: false,
      started: new Promise((r) => (started = r)),
      done: new Promise<{ outcome: ExecOutcome; interrupted: boolean }>((r) => (done = r)).then((o) => {
        handle.interrupted ||= o.interrupted;
        return o.outcome;
      }),
      kill: (signal) => {
        handle.interrupted = true;
        this.send({ type: 'kill', id: block.id, signal });
      },
    };
    this.pending.set(block.id, { started, done, block });
    child.send({ type: 'run', block, logPath } satisfies LauncherRequest);
    return handle;
  }

  private send(msg: LauncherRequest): void {
    this.child?.send(msg);
  }

  /** Lets the launcher exit once the executor is done with it. */
  close(): void {
    if (this.child?.connected) this.child.disconnect();
  }
}

/**
 * One launcher per core at most: each forks serially, so `--concurrency 2` on two cores wants two.
 * A command goes to the launcher with the fewest running.
 */
export class LauncherPool {
  private readonly launchers: Launcher[];
  private readonly load = new Map<Launcher, number>();

  constructor(size: number) {
    this.launchers = Array.from({ length: Math.max(1, size) }, () => new Launcher());
  }

  run(block: WorkBlock, logPath: string): LaunchedCommand {
    const target = this.launchers.reduce((best, l) => ((this.load.get(l) ?? 0) < (this.load.get(best) ?? 0) ? l : best));
    this.load.set(target, (this.load.get(target) ?? 0) + 1);
    const handle = target.run(block, logPath);
    void handle.done.then(() => this.load.set(target, (this.load.get(target) ?? 1) - 1));
    return handle;
  }

  close(): void {
    this.launchers.forEach((l) => l.close());
  }
}

function lostOutcome(block: WorkBlock): ExecOutcome {
  const now = Date.now();
  return { ok: false, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdoutTail: '', stderrTail: '', error: 'the launcher process ended unexpectedly', attempt: block.attempts, startedAt: now, finishedAt: now };
}
