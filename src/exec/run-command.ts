/**
 * Runs one block's command in its own process group, its stdout and stderr going straight to the block's
 * 0600 log files (log-files.ts), and enforces the timeout (SIGTERM to the group, SIGKILL after a grace
 * period). Result shaped like execa's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import { errFileFor, readTailOf } from './log-files.js';
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
  // a+: the tails are read back through the same descriptors when the command ends.
  const log = fs.openSync(logPath, 'a+', 0o600);
  const errPath = errFileFor(logPath);
  const errLog = fs.openSync(errPath, 'a+', 0o600);
  fs.writeSync(log, `--- attempt ${block.attempts} started ${new Date(startedAt).toISOString()}\n`);
  // Tails are of this attempt only: the files keep earlier attempts' output before these offsets.
  const stdoutFrom = fs.fstatSync(log).size;
  const stderrFrom = fs.fstatSync(errLog).size;
  const command = block.command!;
  const [file, args] = 'shell' in command ? ['/bin/sh', ['-c', command.shell]] : [command.argv[0], command.argv.slice(1)];
  const child = spawn(file, args, {
    cwd: block.cwd ?? process.cwd(),
    env: { ...process.env, ...block.env, WORKBLOCK_ID: String(block.id), WORKBLOCK_ATTEMPT: String(block.attempts) },
    stdio: ['ignore', log, errLog],
    detached: true, // its own process group, so a timeout or Ctrl-C reaches grandchildren too
  });

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
        const stdoutTail = readTailOf(log, 20, stdoutFrom); // before the footer line below
        const stderrTail = readTailOf(errLog, 20, stderrFrom);
        const error = ok ? null : redactText(describeFailure(spawnError, timedOut, code, signal, block, stderrTail), block.env);
        fs.writeSync(log, `--- attempt ${block.attempts} ${ok ? 'succeeded' : `failed: ${error}`}\n`);
        fs.closeSync(log);
        // No stderr, no file (unless it holds an earlier attempt's).
        if (fs.fstatSync(errLog).size === 0) fs.rmSync(errPath, { force: true });
        fs.closeSync(errLog);
        resolve({
          ok,
          exitCode: code,
          signal,
          timedOut,
          durationMs: performance.now() - t0,
          stdoutTail: redactText(stdoutTail, block.env),
          stderrTail: redactText(stderrTail, block.env),
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

function describeFailure(spawnError: Error | null, timedOut: boolean, code: number | null, signal: string | null, block: WorkBlock, stderrTail: string): string {
  if (spawnError) return `could not start command: ${spawnError.message}`;
  if (timedOut) return `timed out after ${block.timeoutMs} ms`;
  const last = stderrTail.split('\n').at(-1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `command ${how}${last ? `: ${last}` : ''}`;
}
