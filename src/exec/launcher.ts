/** The executor's side of the launcher process: hand it blocks, learn when each starts and ends. */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import type { LauncherReply, LauncherRequest } from './launcher-protocol.js';

export interface LaunchedCommand {
  /** the outcome, or null when the block was taken back before it started */
  done: Promise<ExecOutcome | null>;
  /** resolves with the command's pid (its process group) once it started; null if it never did */
  started: Promise<number | null>;
  hasStarted: boolean;
  /** Signals the command's process group, or takes the block back if it has not started. */
  kill(signal: NodeJS.Signals): void;
  /** Takes the block back if it has not started yet (done then resolves with null). */
  cancel(): void;
  interrupted: boolean;
}

/** The bundled CLI ships launcher.cjs beside it; the tsc build has launcher-process.js. */
function launcherPath(): string {
  for (const name of ['./launcher.cjs', './launcher-process.js']) {
    const file = fileURLToPath(new URL(name, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  throw new Error('launcher not found next to the executor: run `npm run build`');
}

interface Pending {
  started: (pid: number | null) => void;
  done: (o: { outcome: ExecOutcome | null; interrupted: boolean }) => void;
  block: WorkBlock;
}

export class Launcher {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();

  /** @param slots most commands running at once; the launcher queues the rest */
  constructor(private readonly slots: number) {}

  private ensure(): ChildProcess {
    if (this.child) return this.child;
    const child = adoptPreforked() ?? fork(launcherPath(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (msg: LauncherReply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'started') return p.started(msg.pid);
      this.pending.delete(msg.id);
      p.started(null); // no-op when it had started
      p.done(msg.type === 'done' ? msg : { outcome: null, interrupted: false });
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
    let done!: (o: { outcome: ExecOutcome | null; interrupted: boolean }) => void;
    const handle: LaunchedCommand = {
      interrupted: false,
      hasStarted: false,
      started: new Promise<number | null>((r) => (started = r)).then((pid) => {
        handle.hasStarted ||= pid !== null;
        return pid;
      }),
      done: new Promise<{ outcome: ExecOutcome | null; interrupted: boolean }>((r) => (done = r)).then((o) => {
        handle.interrupted ||= o.interrupted;
        return o.outcome;
      }),
      kill: (signal) => {
        handle.interrupted = true;
        this.send({ type: 'kill', id: block.id, signal });
      },
      cancel: () => this.send({ type: 'cancel', id: block.id }),
    };
    this.pending.set(block.id, { started, done, block });
    child.send({ type: 'run', block, logPath, slots: this.slots } satisfies LauncherRequest);
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
 * bin/workblock.cjs forks the launcher for `execute` and `run` before it loads the CLI, so the two
 * processes start up side by side instead of one after the other (about 100 ms). It is unref'd there so
 * that an execute which runs no command does not wait for it; using it takes the reference back.
 */
function adoptPreforked(): ChildProcess | null {
  const holder = globalThis as { __workblockLauncher?: ChildProcess };
  const child = holder.__workblockLauncher;
  delete holder.__workblockLauncher;
  if (!child?.connected) return null;
  child.ref();
  (child.channel as { ref?: () => void } | undefined)?.ref?.();
  return child;
}

function lostOutcome(block: WorkBlock): ExecOutcome {
  const now = Date.now();
  return { ok: false, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdoutTail: '', stderrTail: '', error: 'the launcher process ended unexpectedly', attempt: block.attempts, startedAt: now, finishedAt: now };
}
