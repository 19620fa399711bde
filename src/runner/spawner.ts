/**
 * One spawner process (spawner-script.ts) and the commands handed to it. It leads its own process
 * group, which its commands join: signalling the group reaches a command and all its children.
 * Commands may be handed over before the one running ends (CommandPool decides how many); they start
 * in order, each the moment the previous ends, without waiting for this (busy) JavaScript thread.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from '../child-process.js';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandSpec } from './command-spec.js';
import { SPAWNER_SCRIPT } from './spawner-script.js';
import { simpleCommandWord } from './simple-command.js';
import { makeTokenDir } from './token-dir.js';
import { groupMembers, signalGroup } from '../process-group.js';
import { removeFile } from '../private-file.js';

/**
 * How a command ended: its wait status, or null when the spawner itself died (killed with its group).
 * `refused`: it never started, because a file was found where the spawner was to create a log file,
 * or a log file opened by the executor had been swapped (say, for a symlink) by the time it started.
 */
export type SpawnResult = { status: number | null; refused?: boolean };

/** A command handed to the spawner. */
export interface SpawnedCommand {
  result: Promise<SpawnResult>;
  /** Takes the command back if it has not started: true when it never will. */
  cancel(): boolean;
}

interface Pending {
  started: boolean;
  onStart: () => void;
  resolve: (r: SpawnResult) => void;
}

/** A value as the script reads it: its line count, then its lines. */
function value(text: string): string {
  const lines = text.split('\n');
  return `${lines.length}\n${lines.join('\n')}\n`;
}

/**
 * `cwd`: the directory the command runs in; `stamp`: the attempt's start time when the spawner is to
 * create the log files (null: they are open here, with the marker written); `lastCwd`: the directory
 * of the previous request, which the short form keeps (spawner-script.ts).
 */
function spawnRequest(seq: number, block: CommandSpec, cwd: string, stamp: string | null, lastCwd: string | null): string {
  const head = `${seq} ${block.id} ${block.attempts} ${stamp ?? '-'}`;
  const command = block.command!;
  const text = 'shell' in command ? command.shell : null;
  const word = text === null ? null : simpleCommandWord(text);
  const env = Object.entries(block.env ?? {}).map(([k, v]) => `${k}=${v}`);
  // (a plain-words text has no newline: it fits the one line)
  if (word && cwd === lastCwd && !env.length) return `${head} = ${word} ${text}\n`;
  const argv = 'shell' in command ? ['/bin/sh', '-c', command.shell] : command.argv;
  const args = [String(env.length), ...env, ...argv];
  return `${head} ${args.length} ${word ?? '-'}\n${value(cwd)}${args.map(value).join('')}`;
}

export class Spawner {
  private readonly child: ChildProcess;
  /** Start tokens (see spawner-script.ts): a private directory of its own, removed at close. */
  private readonly tokens: string;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  /** the directory the spawner's last request named */
  private lastCwd: string | null = null;
  alive = true;
  /** takes no more commands: it is ending, with what its last command left behind (retireIfLeftovers) */
  private retired = false;
  private leftoverWatch: NodeJS.Timeout | undefined;
  /** Why the spawner could not be started (say, EAGAIN when the system is out of processes). */
  startError: Error | null = null;

  constructor(private readonly logsDir: string) {
    this.tokens = makeTokenDir();
    // $0 is the shell's own name, as for `sh -c`: the shell's messages about a command start with it.
    this.child = spawn('/bin/sh', ['-c', SPAWNER_SCRIPT, '/bin/sh', logsDir, this.tokens, String(process.pid)], {
      // Not our stderr: a spawner outliving a killed executor must not hold the caller's pipe open.
      // (Commands write to their own files; the script itself prints nothing else.)
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true, // a process group of its own, away from the terminal's Ctrl-C (the executor forwards it)
    });
    // Replies are ASCII lines. (Split here rather than by node:readline, whose loading every execute paid.)
    let partial = '';
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.reply(line);
    });
    this.child.on('error', (e) => {
      this.startError = e;
      this.alive = false;
      this.endAll();
    });
    this.child.on('exit', () => {
      this.alive = false;
      // Killed from outside mid-command: its block goes back to pending, so the command must not go on.
      if (this.busy) this.signal('SIGKILL');
    });
    // Every reply is read before the pending commands are given up ('close' comes after the last line).
    this.child.stdout!.on('close', () => this.endAll());
    // A spawner killed with its group must not take the executor down with an EPIPE.
    this.child.stdin!.on('error', () => undefined);
  }

  /** Whether commands may be handed to it: alive, and not ending after a signalled command (retireIfLeftovers). */
  get takesCommands(): boolean {
    return this.alive && !this.retired;
  }

  /** The process group of the spawner and of the command it runs. */
  get pgid(): number {
    return this.child.pid!;
  }

  /** Commands handed over and not ended (running or waiting their turn in the spawner). */
  get inFlight(): number {
    return this.pending.size;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Hands over a command; `onStart` runs when it is about to exec. With `stamp` (the attempt's start
   * time as the markers write it) the spawner creates the log files, which must not exist.
   */
  run(block: CommandSpec, onStart: () => void, stamp: string | null = null): SpawnedCommand {
    const seq = this.nextSeq++;
    const result = new Promise<SpawnResult>((resolve) => {
      if (!this.alive) return resolve({ status: null });
      this.pending.set(seq, { started: false, onStart, resolve });
      const cwd = block.cwd ?? process.cwd();
      this.child.stdin!.write(spawnRequest(seq, block, cwd, stamp, this.lastCwd));
      this.lastCwd = cwd;
    });
    const cancel = () => {
      const p = this.pending.get(seq);
      if (!p || p.started) return false;
      try {
        fs.closeSync(fs.openSync(this.token(seq), 'wx', 0o600));
      } catch {
        return false; // the spawner took it first: it is starting
      }
      this.pending.delete(seq); // its "skip" reply only removes the token
      p.resolve({ status: null });
      return true;
    };
    return { result, cancel };
  }

  /**
   * Its command ended after we signalled it (a timeout, a kill), `graceLeftMs` before the SIGKILL
   * the signal promised. A shell in the command dies of SIGTERM at once while a child that handles
   * it lives on in the group. So when anything besides this spawner is left there, the spawner takes
   * no more commands (the pool starts another) and ends, and the group gets SIGKILL when the grace
   * period ends if it still has anyone in it (watched every 50 ms: once it is empty, its number could
   * be another group's).
   */
  retireIfLeftovers(graceLeftMs: number): void {
    if (this.pending.size) return; // (commands handed behind it: none behind a timeout, and a kill takes them back first)
    const leftovers = () => groupMembers(this.pgid)?.filter((pid) => pid !== this.pgid) ?? null;
    if (leftovers()?.length === 0) return;
    this.retired = true;
    this.child.stdin!.end();
    const killAt = Date.now() + graceLeftMs;
    this.leftoverWatch = setInterval(() => {
      const left = leftovers();
      if (left?.length === 0) return clearInterval(this.leftoverWatch);
      if (Date.now() < killAt) return;
      this.signal('SIGKILL');
      clearInterval(this.leftoverWatch);
    }, 50);
  }

  signal(signal: NodeJS.Signals): void {
    signalGroup(this.pgid, signal); // (false when already gone)
  }

  /**
   * Ends the spawner; one still running a command is killed with it (its block goes back to pending).
   * `stopped`: the whole group goes, even when its command has ended. A shell starts background jobs
   * with SIGINT ignored, so a forwarded Ctrl-C ends the command and leaves its `sleep 600 &` running;
   * after a stop nothing of the commands may outlive execute. (A normal end leaves them alone: a
   * command may start a daemon on purpose.)
   */
  close(stopped = false): void {
    if (stopped || (this.busy && this.alive)) this.signal('SIGKILL');
    if (stopped) clearInterval(this.leftoverWatch); // (what was left went with the group just now)
    this.child.stdin!.end();
    this.child.unref();
    fs.rmSync(this.tokens, { recursive: true, force: true });
    // Its separator file (spawner-script.ts), if it is the regular file the shell created there.
    const separator = path.join(this.logsDir, `.spawner-${this.child.pid}`);
    if (this.child.pid && fs.lstatSync(separator, { throwIfNoEntry: false })?.isFile()) removeFile(separator);
  }

  private token(seq: number): string {
    return path.join(this.tokens, String(seq));
  }

  private reply(line: string): void {
    const [seqText, what] = line.split(' ');
    const seq = Number(seqText);
    const p = this.pending.get(seq);
    if (what === 'start') {
      if (p) p.started = true;
      p?.onStart();
      return;
    }
    removeFile(this.token(seq));
    if (!p || what === 'skip') return;
    this.pending.delete(seq);
    if (what === 'refused') return p.resolve({ status: null, refused: true });
    const status = Number(what);
    p.resolve({ status: Number.isInteger(status) ? status : null });
  }

  /** The spawner is gone: a command it started must not go on (its block goes back to pending). */
  private endAll(): void {
    const all = [...this.pending.values()];
    if (all.some((p) => p.started)) this.signal('SIGKILL');
    this.pending.clear();
    all.forEach((p) => p.resolve({ status: null }));
  }
}
