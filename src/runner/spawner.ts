/**
 * One spawner process (spawner-script.ts) and the command it is running. It leads its own process
 * group, which its commands join: signalling the group reaches a command and all its children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { CommandSpec } from './command-spec.js';
import { SPAWNER_SCRIPT } from './spawner-script.js';

/** How a command ended: its wait status, or null when the spawner itself died (killed with its group). */
export type SpawnResult = { status: number | null };

/** A value as the script reads it: its line count, then its lines. */
function value(text: string): string {
  const lines = text.split('\n');
  return `${lines.length}\n${lines.join('\n')}\n`;
}

function spawnRequest(block: CommandSpec): string {
  const command = block.command!;
  const argv = 'shell' in command ? ['/bin/sh', '-c', command.shell] : command.argv;
  const env = Object.entries(block.env ?? {}).map(([k, v]) => `${k}=${v}`);
  const args = [String(env.length), ...env, ...argv];
  return `${block.id} ${block.attempts} ${args.length}\n${value(block.cwd ?? process.cwd())}${args.map(value).join('')}`;
}

export class Spawner {
  private readonly child: ChildProcess;
  private waiting: ((r: SpawnResult) => void) | null = null;
  alive = true;
  /** Why the spawner could not be started (say, EAGAIN when the system is out of processes). */
  startError: Error | null = null;

  constructor(logsDir: string) {
    this.child = spawn('/bin/sh', ['-c', SPAWNER_SCRIPT, 'workblock-spawner', logsDir], {
      // Not our stderr: a spawner outliving a killed executor must not hold the caller's pipe open.
      // (Commands write to their own files; the script itself prints nothing else.)
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true, // a process group of its own, away from the terminal's Ctrl-C (the executor forwards it)
    });
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const status = Number(line.split(' ')[1]);
      this.settle({ status: Number.isInteger(status) ? status : null });
    });
    this.child.on('error', (e) => {
      this.startError = e;
      this.alive = false;
      this.settle({ status: null });
    });
    this.child.on('exit', () => {
      this.alive = false;
      // Killed from outside mid-command: its block goes back to pending, so the command must not go on.
      if (this.busy) this.signal('SIGKILL');
      this.settle({ status: null });
    });
    // A spawner killed with its group must not take the executor down with an EPIPE.
    this.child.stdin!.on('error', () => undefined);
  }

  /** The process group of the spawner and of the command it runs. */
  get pgid(): number {
    return this.child.pid!;
  }

  get busy(): boolean {
    return this.waiting !== null;
  }

  run(block: CommandSpec): Promise<SpawnResult> {
    return new Promise((resolve) => {
      if (!this.alive) return resolve({ status: null });
      this.waiting = resolve;
      this.child.stdin!.write(spawnRequest(block));
    });
  }

  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pgid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // already gone
    }
  }

  /** Ends the spawner; one still running a command is killed with it (its block goes back to pending). */
  close(): void {
    if (this.busy && this.alive) this.signal('SIGKILL');
    this.child.stdin!.end();
    this.child.unref();
  }

  private settle(result: SpawnResult): void {
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.(result);
  }
}
