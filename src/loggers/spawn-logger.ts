/**
 * Runs an external logger program without a shell; its exit code is the verdict. Shared by the exec and
 * argv loggers. Each runs in a process group of its own, so a timeout reaches whatever it started
 * (`sh -c "sleep 100; true"` has a `sleep` child that killing `sh` alone would leave behind).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from '../child-process.js';
import { shortDuration } from '../format/duration.js';
import { redactUrls } from '../redact.js';
import { recordEnv, type LogRecord } from './record.js';
import { signalGroup, trackGroup } from './process-groups.js';
import { LOGGER_TIMEOUT_MS } from './timeout.js';

/** Time a logger gets to exit after SIGTERM before its group is killed outright. */
export const LOGGER_KILL_GRACE_MS = 2_000;
/** How long stderr may stay open after the logger exited (a child of its own may hold it). */
const STDERR_DRAIN_MS = 200;
/** Only the end of stderr matters for the error message; keep memory bounded for chatty loggers. */
const STDERR_KEEP_CHARS = 8_192;

/** What the exec and argv loggers are built with. */
export interface SpawnLoggerOptions {
  cwd: string;
  /** Overrides the 30 s default (WORKBLOCK_LOGGER_TIMEOUT_MS, through the registry). */
  timeoutMs?: number;
}

export interface LoggerProcess {
  /** How errors name the logger, e.g. `exec:notify-send`. */
  label: string;
  argv: string[];
  cwd: string;
  record: LogRecord;
  /** Written to stdin when set; stdin is closed immediately otherwise. */
  input?: string;
  timeoutMs?: number;
}

/** Resolves when the program exits 0; rejects on any other exit, a signal, a timeout or a failure to start. */
export function runLoggerProcess(job: LoggerProcess): Promise<void> {
  const [program, ...args] = job.argv;
  const timeoutMs = job.timeoutMs ?? LOGGER_TIMEOUT_MS;
  return new Promise<void>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        cwd: job.cwd,
        shell: false,
        // stdout is dropped so a logger's chatter can never mix into the CLI's own (possibly --json) output.
        stdio: [job.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
        env: { ...process.env, ...recordEnv(job.record) },
        // Its own process group: the timeout signals the group, and a terminal's Ctrl-C does not
        // reach it directly (execute decides when its loggers stop).
        detached: true,
      });
    } catch (err) {
      // Some failures (E2BIG) are thrown here instead of arriving as an 'error' event.
      reject(startError(job.label, err as NodeJS.ErrnoException));
      return;
    }
    const untrack = child.pid === undefined ? () => undefined : trackGroup(child.pid);
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      const pgid = child.pid!;
      signalGroup(pgid, 'SIGTERM');
      // Nothing here may keep execute waiting for the grace period: if it exits first,
      // killLeftoverGroups() (on 'exit') SIGKILLs the group instead of this timer.
      setTimeout(() => signalGroup(pgid, 'SIGKILL'), LOGGER_KILL_GRACE_MS).unref();
      child.unref();
      child.stdin?.destroy();
      child.stderr?.destroy();
      finish(new Error(`logger ${job.label} timed out after ${shortDuration(timeoutMs)}`));
    }, timeoutMs);

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
    });
    child.on('error', (err: NodeJS.ErrnoException) => finish(startError(job.label, err)));
    const verdict = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (timedOut) return;
      if (code === 0) return finish(null);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const why = lastLine(stderr);
      finish(new Error(`logger ${job.label} ${how}${why ? `: ${redactUrls(why)}` : ''}`));
    };
    child.on('exit', (code, signal) => {
      // The group may still hold processes the logger left running: they are killed when execute exits.
      untrack();
      // One of them may hold stderr open, so 'close' may never come: the exit status is the verdict,
      // once the last stderr lines had a moment to arrive.
      setTimeout(() => {
        child.stderr?.destroy();
        verdict(code, signal);
      }, STDERR_DRAIN_MS);
    });
    child.on('close', verdict);

    if (child.stdin && job.input !== undefined) {
      // A logger may exit without reading stdin (EPIPE). Its exit code, reported on 'close',
      // is still the verdict, so only other write errors reject.
      child.stdin.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') finish(new Error(`logger ${job.label} stdin failed: ${err.message}`));
      });
      child.stdin.end(job.input);
    }
  });
}

function startError(label: string, err: NodeJS.ErrnoException): Error {
  // argv loggers pass fields as arguments, and the kernel caps each at 128 KiB: say what to do instead.
  const hint = err.code === 'E2BIG' ? ' (arguments too long: use an exec: logger, which reads the block from stdin)' : '';
  return new Error(`logger ${label} could not start: ${redactUrls(err.message)}${hint}`);
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length ? lines[lines.length - 1] : '';
}
