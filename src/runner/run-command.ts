/**
 * Runs one block's command on a spawner (spawner.ts): its stdout and stderr go straight to the block's
 * 0600 log files (log-files.ts), a timeout sends SIGTERM to the process group and SIGKILL after a grace
 * period, and the result is shaped like execa's.
 */
import os from 'node:os';
import type { ExecOutcome } from '../command.js';
import type { CommandSpec } from './command-spec.js';
import { AttemptFiles } from './attempt-files.js';
import { redactText, secretValues } from '../redact.js';
import { UnsafePathError } from '../private-file.js';
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
  // The same marker starts the attempt in both files, so `workblock logs` can tell attempts apart in
  // each. The spawner's shell appends to the files with `>>` (which would follow a symlink): it only
  // ever reaches regular files checked here, or files it creates itself (attempt-files.ts).
  let files: AttemptFiles;
  try {
    files = new AttemptFiles(logPath, block.attempts, new Date(startedAt).toISOString());
  } catch (e) {
    if (e instanceof UnsafePathError) return refused(block, startedAt, e.message);
    throw e;
  }
  let untrack: () => void = () => undefined;
  try {
    // Tails are of this attempt only: the files keep earlier attempts' output before these offsets.
    if (order) untrack = order.track(block.id, files.tracked, files.stdoutFrom, files.stderrFrom);
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
    if (result.refused) {
      const why = files.refusal();
      files.undo();
      return refusedOutcome(block, startedAt, why);
    }
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
    // Read before the end marker; an attempt that wrote no stderr leaves no marker there.
    const { stdoutTail, stderrTail } = files.ended(secretValues(block.env));
    // Output can echo a secret from --env; everything that leaves this file is redacted.
    const error = ok ? null : redactText(describeFailure(unstarted, lost, timedOut, exitCode, bySignal, block, stderrTail), block.env);
    files.close(`--- attempt ${block.attempts} ${ok ? 'succeeded' : `failed: ${error}`}\n`);
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
    files.undo();
    return null;
  }
  const spawned = spawner.run(block, onStart, files.byShell ? files.stamp : null);
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

/** A command that is not started because its log files are unsafe: the block fails with the reason. */
function refused(block: CommandSpec, startedAt: number, error: string): RunningCommand {
  const outcome = refusedOutcome(block, startedAt, error);
  return { interrupted: false, kill: () => undefined, cancel: () => false, done: Promise.resolve(outcome) };
}

function refusedOutcome(block: CommandSpec, startedAt: number, error: string): ExecOutcome {
  return {
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
}

function describeFailure(unstarted: Error | null, lost: boolean, timedOut: boolean, code: number | null, signal: string | null, block: CommandSpec, stderrTail: string): string {
  if (unstarted) return `could not start the command: ${unstarted.message}`;
  if (lost) return 'the process running the command ended unexpectedly';
  if (timedOut) return `timed out after ${shortDuration(block.timeoutMs ?? 0)}`;
  const last = stderrTail.split('\n').at(-1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `command ${how}${last ? `: ${last}` : ''}`;
}
