/**
 * Runs one block's command in its own process group, writes its output to a 0600 log file, and enforces
 * the timeout (SIGTERM to the group, SIGKILL after a grace period). Result shaped like execa's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { Tail } from './tail.js';
import { readLogTail } from './log-files.js';
import { redactText } from '../format/redact.js';

export interface RunningCommand {
  done: Promise<ExecOutcome>;
  /** Forwards a signal to the whole process group (used on Ctrl-C / SIGTERM). */
  kill(signal: NodeJS.Signals): void;
  /** true once kill() was called from outside */
  interrupted: boolean;
  /** the command's pid, which is also its process group id */
  pid: number | undefined;
}

export const KILL_GRACE_MS = Number(process.env.WORKBLOCK_KILL_GRACE_MS) || 5000;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch (e) {
    // ESRCH: the group already ended, which is what we wanted.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

export function runCommand(block: WorkBlock, logPath: string): RunningCommand {
  const startedAt = Date.now();
  const t0 = performance.now();
  const log = fs.openSync(logPath, 'a', 0o600);
  fs.writeSync(log, `--- attempt ${block.attempts} started ${new Date(startedAt).toISOString()}\n`);
  const command = block.command!;
  const [file, args] = 'shell' in command ? ['/bin/sh', ['-c', command.shell]] : [command.argv[0], command.argv.slice(1)];
  const child = spawn(file, args, {
    cwd: block.cwd ?? process.cwd(),
    env: { ...process.env, ...block.env, WORKBLOCK_ID: String(block.id), WORKBLOCK_ATTEMPT: String(block.attempts) },
    // stdout goes straight to the log (no pipe to pump); stderr is piped too so errors can quote it.
    stdio: ['ignore', log, 'pipe'],
    detached: true, // its own process group, so a timeout or Ctrl-C reaches grandchildren too
  });
  const err = new Tail();
  child.stderr!.on('data', (c: Buffer) => (err.push(c), fs.writeSync(log, c)));

  let timedOut = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const escalate = () => {
    killGroup(child.pid, 'SIGTERM');
    graceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
  };
  const timeoutTimer = block.timeoutMs ? setTimeout(() => ((timedOut = true), escalate()), block.timeoutMs) : undefined;

  const handle: RunningCommand = {
    interrupted: false,
    pid: child.pid,
    kill(signal) {
      handle.interrupted = true;
      killGroup(child.pid, signal);
      graceTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    },
    done: new Promise<ExecOutcome>((resolve) => {
      let spawnError: Error | null = null;
      child.on('error', (e) => (spawnError = e));
      child.on('close', (code, signal) => {
        clearTimeout(timeoutTimer);
        clearTimeout(graceTimer);
        const finishedAt = Date.now();
        const ok = !spawnError && !timedOut && code === 0;
        // Output can echo a secret from --env; everything that leaves this file is redacted.
        const error = ok ? null : redactText(describeFailure(spawnError, timedOut, code, signal, block, err), block.env);
        const outputTail = readLogTail(logPath) ?? ''; // before the footer line below
        fs.writeSync(log, `--- attempt ${block.attempts} ${ok ? 'succeeded' : `failed: ${error}`}\n`);
        fs.closeSync(log);
        resolve({
          ok,
          exitCode: code,
          signal,
          timedOut,
          durationMs: performance.now() - t0,
          stdoutTail: redactText(outputTail, block.env),
          stderrTail: redactText(err.text(), block.env),
          error,
          attempt: block.attempts,
          startedAt,
          finishedAt,
        });
      });
    }),
  };
  return handle;
}

function describeFailure(spawnError: Error | null, timedOut: boolean, code: number | null, signal: string | null, block: WorkBlock, err: Tail): string {
  if (spawnError) return `could not start command: ${spawnError.message}`;
  if (timedOut) return `timed out after ${block.timeoutMs} ms`;
  const last = err.text(1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `command ${how}${last ? `: ${last}` : ''}`;
}
