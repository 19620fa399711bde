/**
 * Runs one block's command on a spawner (spawner.ts): its stdout and stderr go straight to the block's
 * 0600 log files (log-files.ts), a timeout sends SIGTERM to the process group and SIGKILL after a grace
 * period, and the result is shaped like execa's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecOutcome } from '../command.js';
import type { CommandSpec } from './command-spec.js';
import { errFileFor, readTailOf } from './log-files.js';
import { redactText, secretValues } from '../redact.js';
import { maskSecretsInFile } from './mask-log-file.js';
import { ensurePrivateDir, openPrivateFile, removeFile, UnsafePathError } from '../private-file.js';
import { shortDuration } from '../format/duration.js';
import type { Spawner, SpawnResult } from './spawner.js';
import { longTimeout } from './long-timeout.js';
import type { OutputOrder } from './output-order.js';

export interface RunningCommand {
  /** the outcome, or null when the command was taken back before it started (cancel, or kill first) */
  done: Promise<ExecOutcome | null>;
  /**
   * Forwards a signal to the command's process group (used on Ctrl-C / SIGTERM); a command that has
   * not started is taken back instead, or signalled again the moment it starts if it is too late.
   */
  kill(signal: NodeJS.Signals): void;
  /** Takes the command back if it has not started: true when it never will (done resolves null). */
  cancel(): boolean;
  /** true once kill() was called from outside */
  interrupted: boolean;
}

export interface RunHooks {
  /** the command is about to exec (it may wait in the spawner behind another command first) */
  onStart?: () => void;
  /**
   * The spawner reported the end: called before this command's log files are read and trimmed, so
   * the pool can hand the spawner its next command first and that work overlaps it.
   */
  onSpawnerFree?: () => void;
}

export const KILL_GRACE_MS = Number(process.env.WORKBLOCK_KILL_GRACE_MS) || 5000;

const SIGNAL_NAMES = new Map(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

/** A wait status as the shell reports it: above 128 means killed by signal (status - 128). */
function exitOf(status: number): { exitCode: number | null; signal: string | null } {
  const signal = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return signal ? { exitCode: null, signal } : { exitCode: status, signal: null };
}

export function runCommand(block: CommandSpec, logPath: string, spawner: Spawner, hooks: RunHooks = {}, order?: OutputOrder): RunningCommand {
  // Reset when the command starts; a command handed over ahead waits at most a moment (the executor
  // takes back what waits behind a long command), so the marker's time is the hand-over's.
  let startedAt = Date.now();
  let t0 = performance.now();
  let started = false;
  let killOnStart: NodeJS.Signals | null = null;
  let cancelled = false;
  const errPath = errFileFor(logPath);
  // The same marker starts the attempt in both files, so `workblock logs` can tell attempts apart in each.
  const startMarker = `--- attempt ${block.attempts} started ${new Date(startedAt).toISOString()}\n`;
  let log: number;
  let err: number;
  let stderrBefore: number;
  try {
    // Both files are opened here, refusing symlinks, before the spawner's shell appends to them with
    // `>>` (which would follow one): it only ever reaches regular files checked here.
    ({ log, err, stderrBefore } = openLogFiles(logPath, errPath, startMarker));
  } catch (e) {
    if (e instanceof UnsafePathError) return refused(block, startedAt, e.message);
    throw e;
  }
  // Tails are of this attempt only: the files keep earlier attempts' output before these offsets.
  const stdoutFrom = fs.fstatSync(log).size;
  const stderrFrom = stderrBefore + Buffer.byteLength(startMarker);
  let untrack: () => void = () => undefined;
  try {
    if (order) untrack = order.track(block.id, log, err, stdoutFrom, stderrFrom);
  } catch (e) {
    if (!(e instanceof UnsafePathError)) throw e;
    takenBack();
    return refused(block, startedAt, e.message);
  }

  let timedOut = false;
  let killedBy: NodeJS.Signals | null = null;
  let graceTimer: NodeJS.Timeout | undefined;
  let graceEndsAt = 0;
  const signal = (s: NodeJS.Signals) => {
    if (s === 'SIGKILL') killedBy = s;
    spawner.signal(s);
  };
  /** The signal now, SIGKILL after the grace period if the command is still there. */
  const stop = (s: NodeJS.Signals) => {
    signal(s);
    if (graceTimer) return;
    graceEndsAt = Date.now() + KILL_GRACE_MS;
    graceTimer = setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS);
  };
  let timeoutTimer: { clear(): void } | undefined;
  const onStart = () => {
    started = true;
    startedAt = Date.now();
    t0 = performance.now();
    if (block.timeoutMs) timeoutTimer = longTimeout(() => ((timedOut = true), stop('SIGTERM')), block.timeoutMs);
    // A kill that came while it was starting: this signal reaches it (see spawner-script.ts).
    if (killOnStart) stop(killOnStart);
    hooks.onStart?.();
  };

  const finish = (result: SpawnResult): ExecOutcome | null => {
    timeoutTimer?.clear();
    untrack(); // before the end markers: they are not the command's output
    // Never started and the spawner is gone (or it was taken back): nothing ran, nothing to record.
    if (result.status === null && !started && !spawner.startError) return takenBack();
    clearTimeout(graceTimer);
    const finishedAt = Date.now();
    // A spawner that died took the command with it: by our SIGKILL, or something outside killed it.
    const { exitCode, signal: bySignal } = result.status === null ? { exitCode: null, signal: killedBy } : exitOf(result.status);
    const unstarted = result.status === null ? spawner.startError : null;
    // A spawner lost some other way is not the command's fault: its block goes back to pending.
    const lost = result.status === null && !killedBy && !unstarted;
    const ok = result.status !== null && !timedOut && exitCode === 0;
    // A command that exited 0 finished its work, even if our signal arrived as it did: its end counts.
    handle.interrupted = (handle.interrupted && !ok) || lost;
    // Both files stay open from the start: the end reads and trims them through those descriptors
    // (a few syscalls per command, which add up over thousands of short ones).
    const wroteStderr = fs.fstatSync(err).size > stderrFrom;
    const secrets = secretValues(block.env);
    if (secrets.length) {
      maskSecretsInFile(logPath, stdoutFrom, secrets);
      if (wroteStderr) maskSecretsInFile(errPath, stderrFrom, secrets);
    }
    const stdoutTail = readTailOf(log, 20, stdoutFrom); // before the footer line below
    const stderrTail = wroteStderr ? readTailOf(err, 20, stderrFrom) : '';
    // An attempt that wrote no stderr leaves no marker there; no stderr at all, no file.
    if (!wroteStderr) fs.ftruncateSync(err, stderrBefore);
    if (!wroteStderr && stderrBefore === 0) removeFile(errPath);
    // Output can echo a secret from --env; everything that leaves this file is redacted.
    const error = ok ? null : redactText(describeFailure(unstarted, lost, timedOut, exitCode, bySignal, block, stderrTail), block.env);
    const endMarker = `--- attempt ${block.attempts} ${ok ? 'succeeded' : `failed: ${error}`}\n`;
    fs.writeSync(log, endMarker);
    if (wroteStderr) fs.writeSync(err, endMarker);
    fs.closeSync(log);
    fs.closeSync(err);
    return {
      ok,
      exitCode,
      signal: bySignal,
      timedOut,
      durationMs: performance.now() - t0,
      stdoutTail: redactText(stdoutTail, block.env),
      stderrTail: redactText(stderrTail, block.env),
      error,
      attempt: block.attempts,
      startedAt,
      finishedAt,
    };
  };

  /** Undoes the attempt's markers: the files read as if it was never handed over. */
  function takenBack(): null {
    untrack();
    fs.ftruncateSync(log, stdoutFrom - Buffer.byteLength(startMarker));
    fs.ftruncateSync(err, stderrBefore);
    if (stderrBefore === 0) removeFile(errPath);
    fs.closeSync(log);
    fs.closeSync(err);
    return null;
  }
  const spawned = spawner.run(block, onStart);
  const handle: RunningCommand = {
    interrupted: false,
    cancel: () => (cancelled ||= !started && spawned.cancel()),
    kill(s) {
      if (handle.cancel()) return;
      handle.interrupted = true;
      if (started) stop(s);
      else killOnStart = s; // starting right now: signalled the moment it has
    },
    done: spawned.result.then((result) => {
      // Signalled and ended: what it left in the group still gets its SIGKILL (before the spawner is reused).
      if (graceTimer && result.status !== null) spawner.retireIfLeftovers(Math.max(0, graceEndsAt - Date.now()));
      hooks.onSpawnerFree?.();
      return finish(result);
    }),
  };
  return handle;
}

/**
 * Both files, kept open until the command ends (their tails are read back through them), with the
 * attempt's start marker written to each, and the stderr file's size before its marker.
 */
function openLogFiles(logPath: string, errPath: string, marker: string): { log: number; err: number; stderrBefore: number } {
  ensurePrivateDir(path.dirname(logPath));
  const log = openPrivateFile(logPath, { read: true });
  try {
    fs.writeSync(log, marker);
    const err = openPrivateFile(errPath, { read: true });
    try {
      const stderrBefore = fs.fstatSync(err).size;
      fs.writeSync(err, marker);
      return { log, err, stderrBefore };
    } catch (e) {
      fs.closeSync(err);
      throw e;
    }
  } catch (e) {
    fs.closeSync(log);
    throw e;
  }
}

/** A command that is not started because its log files are unsafe: the block fails with the reason. */
function refused(block: CommandSpec, startedAt: number, error: string): RunningCommand {
  const outcome: ExecOutcome = {
    ok: false,
    exitCode: null,
    signal: null,
    timedOut: false,
    durationMs: 0,
    stdoutTail: '',
    stderrTail: '',
    error: `could not start the command: ${error}`,
    attempt: block.attempts,
    startedAt,
    finishedAt: Date.now(),
  };
  return { interrupted: false, kill: () => undefined, cancel: () => false, done: Promise.resolve(outcome) };
}

function describeFailure(unstarted: Error | null, lost: boolean, timedOut: boolean, code: number | null, signal: string | null, block: CommandSpec, stderrTail: string): string {
  if (unstarted) return `could not start the command: ${unstarted.message}`;
  if (lost) return 'the process running the command ended unexpectedly';
  if (timedOut) return `timed out after ${shortDuration(block.timeoutMs ?? 0)}`;
  const last = stderrTail.split('\n').at(-1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `command ${how}${last ? `: ${last}` : ''}`;
}
