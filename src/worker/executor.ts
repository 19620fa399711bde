/**
 * The execute loop: claim ready blocks, run them within the concurrency cap, record each command's end,
 * deliver to loggers, settle. Workers are dumb; correctness lives in the store's transitions.
 *
 * Every block moves through durable steps, each committed before the next is visible: claimed (leased),
 * outcome recorded (the command can never run again), delivered, settled. One commit carries the
 * outcomes that just came in, the settlements of those delivered since, and the next claim.
 *
 * Short commands are pipelined: blocks are claimed ahead and queued in the runner, so when a command
 * exits the next starts at once while the executor's database work runs. A block claimed ahead is
 * taken back if nothing finishes soon, so long commands never hold work other executors could run.
 *
 * There is one way out (see stop()): a signal, a closed output, a deadline, a lost write lock or any
 * error stops claiming, signals the running commands, records what finished, returns the rest to pending.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deferSyncToCommit } from '../db/deferred-sync.js';
import { coerceError } from '../errors.js';
import type { Logger } from '../loggers/logger.js';
import { signalLoggerGroups } from '../loggers/process-groups.js';
import { newLease, renewEveryMs, renewLeases, type Lease } from '../store/lease.js';
import { recoverStale } from '../store/recover.js';
import type { Settlement } from '../store/settle.js';
import { releaseHeld, type Requeue } from '../store/requeue.js';
import { commitTransitions, type ChildNote } from '../store/transitions.js';
import { applyKillRequests } from './apply-kills.js';
import type { ClaimRequest } from '../store/claim.js';
import type { BlockReport, ExecuteSummary, WorkBlock } from '../queue/types.js';
import { CommandPool } from '../runner/command-pool.js';
import type { LaunchedCommand } from '../runner/command-spec.js';
import { withPreflight } from '../runner/preflight.js';
import { decide, type Finished } from './decide.js';
import { isFailure, ReportTally, toReport, type Interrupted } from './report.js';
import { forwardedSignal } from './shutdown.js';
import { waitForRetries } from './wait-retries.js';

export type ExecuteEvent =
  | { type: 'recovered'; ids: number[] }
  /** schedule occurrences queued while it ran (execute --wait) */
  | { type: 'scheduled'; ids: number[] }
  | { type: 'warning'; message: string }
  | { type: 'start'; block: WorkBlock }
  | { type: 'finish'; block: WorkBlock; report: BlockReport };

export interface ExecuteOptions {
  /** most blocks to claim; Infinity runs until nothing is ready (with `wait`, until stopped) */
  n: number;
  /** when nothing is ready, wait for work (see wait-step.ts) until N blocks, the deadline or a stop */
  wait?: boolean;
  concurrency?: number;
  loggers: Logger[];
  logsDir: string;
  tags?: string[];
  batch?: string | null;
  abortOnFailure?: boolean;
  /** epoch ms after which nothing new is claimed; running blocks finish */
  deadline?: number;
  /** keep going until retries of started blocks are done, sleeping while holding nothing */
  waitForRetries?: boolean;
  /** aborting it stops the executor; its reason (a signal name, 'EPIPE') is forwarded to commands */
  signal?: AbortSignal;
  onEvent?: (e: ExecuteEvent) => void;
  /**
   * Keep every per-block report only while there are at most this many (default: no limit); past
   * it, only those that did not succeed. The counts stay complete. A summary table needs a few.
   */
  keepReports?: number;
}

export interface ExecuteResult extends ExecuteSummary {
  paused: boolean;
  /** why it stopped early: a signal name, 'EPIPE' for a closed output; null when it ran to the end */
  interruptedBy: string | null;
}

/** Blocks claimed ahead of a free slot, and how long they may wait before going back. */
const PREFETCH = 8;
const PREFETCH_HOLD_MS = 50;
/**
 * Claiming ahead pays for short commands only: for longer ones the per-block overhead it hides is
 * noise, and a block held ahead is one that another executor could be running. So an executor claims
 * ahead once its commands have proved short (a moving average of their durations).
 */
const SHORT_COMMAND_MS = 30;
/**
 * While the runner still has blocks queued, finished ones are settled a few per transaction rather than
 * one each: on two cores the executor's per-block work otherwise competes with the next command's fork.
 */
const SETTLE_BATCH = 4;
const SETTLE_WAIT_MS = 15;
/**
 * Settlements and child-process notes alone do not warrant a commit (an fsync each) while commands
 * still run: they ride with the next outcome, or go on their own after this long.
 */
const LAZY_COMMIT_MS = 15;
/** Most blocks one claim takes (blocks without a command need no slot). */
const CLAIM_MAX = 200;

export async function execute(db: Kysely<Database>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const t0 = performance.now();
  const concurrency = opts.concurrency ?? 1;
  const emit = opts.onEvent ?? (() => undefined);
  const lease = newLease();
  // Commits still end durable, but their fsync no longer holds up the commands (deferred-sync.ts).
  const undeferSync = deferSyncToCommit(db);
  const recovered = await recoverStale(db);
  if (recovered.length) emit({ type: 'recovered', ids: recovered });

  const reports = new ReportTally(opts.keepReports);
  let typicalMs: number | null = null; // moving average of command durations in this run
  // With --abort-on-failure nothing may start before a failure is judged: no block waits in the runner.
  const prefetchNow = () => (opts.abortOnFailure || typicalMs === null || typicalMs > SHORT_COMMAND_MS ? 0 : PREFETCH);
  const runner = new CommandPool(concurrency, opts.logsDir);
  const inRunner = new Map<number, LaunchedCommand>(); // queued in the runner or running
  const ready: WorkBlock[] = []; // claimed, not yet handed to the runner
  const ended: Array<Finished & { interrupted: boolean }> = []; // commands that ended, outcome not yet recorded
  const recorded: Finished[] = []; // outcome stored: to deliver
  const settlements: Settlement[] = []; // delivered (or judged): to commit
  const unclaimed: WorkBlock[] = []; // claimed, never started: to give back as if never claimed
  const children: ChildNote[] = []; // started since the last commit
  const claimedIds = new Set<number>();
  const exclude = new Set<number>(); // undelivered or interrupted in this run: the next execute tries again
  let paused = false;
  let failedOnce = false;
  let commandsNext = false;
  let heldBack = false; // claimed-ahead blocks were taken back: claim no more ahead until one finishes
  let retriesScheduled = false;
  let failure: Error | null = null; // the first error that stopped this run: reported once it is tidy
  let lastCommitFailed = false;
  let lazySince: number | null = null; // when settlements or child notes began waiting for a commit
  let stopped = false;
  let wake = () => {};
  /** Resolves at the next end, start or take-back. */
  const nextEvent = () => new Promise<boolean>((resolve) => (wake = () => resolve(true)));
  const waitStep = opts.wait ? new (await import('./wait-step.js')).WaitStep(db, { filter: { tags: opts.tags, batch: opts.batch }, exclude, deadline: opts.deadline, signal: opts.signal, emit }) : null;

  const pastDeadline = () => opts.deadline !== undefined && Date.now() >= opts.deadline;
  const stopping = () => stopped || pastDeadline() || (!!opts.abortOnFailure && failedOnce);

  /**
   * The one shutdown path: start nothing new, hand back what has not started, and signal the running
   * commands' and loggers' process groups (SIGKILL follows after the grace period). The loop then records what
   * finished and returns the rest to pending.
   */
  function stop(signal: NodeJS.Signals): void {
    if (stopped) return;
    stopped = true;
    // Waiting commands first: signalled first, a running one could end and let the spawner start the next.
    const handles = [...inRunner.values()];
    for (const handle of handles) if (!handle.hasStarted) handle.kill(signal);
    for (const handle of handles) if (handle.hasStarted) handle.kill(signal);
    // A delivery in progress is cut short too: its outcome is recorded, so the next execute re-delivers it.
    signalLoggerGroups(signal);
    wake();
  }
  const onAbort = () => stop(forwardedSignal(opts.signal?.reason));
  if (opts.signal?.aborted) stopped = true;
  opts.signal?.addEventListener('abort', onAbort);
  const onLockWait = (ms: number) => emit({ type: 'warning', message: `the database is locked by another writer: waiting to record finished work (${Math.round(ms / 1000)} s so far)` });
  // A failed renewal (say, the database is busy) is not fatal: the lease outlives two more ticks.
  const renewTimer = setInterval(() => void renewLeases(db, lease).catch((e) => emit({ type: 'warning', message: `lease renewal failed: ${coerceError(e).message}` })), renewEveryMs(lease));
  renewTimer.unref();

  function start(block: WorkBlock): void {
    const handle = runner.run(block.check && block.command ? { ...block, command: withPreflight(block.command, block.check) } : block);
    inRunner.set(block.id, handle);
    // Record the process group now, not when the command ends: recovery needs it while it runs.
    void handle.started.then((pid) => {
      if (!pid) return;
      emit({ type: 'start', block });
      children.push({ id: block.id, pid });
      lazySince ??= performance.now();
      wake();
    });
    void handle.done.then((outcome) => {
      inRunner.delete(block.id);
      if (outcome) {
        typicalMs = typicalMs === null ? outcome.durationMs : 0.8 * typicalMs + 0.2 * outcome.durationMs;
        ended.push({ block, outcome, interrupted: handle.interrupted });
        heldBack = false;
      } else unclaimed.push(block);
      wake();
    });
  }

  function report(s: Settlement | Interrupted): void {
    const r = toReport(s);
    if (isFailure(r)) failedOnce = true;
    // A retry is not an end: the block reports once, when it settles for good.
    if (s.kind === 'retry') retriesScheduled = true;
    else reports.add(r);
    emit({ type: 'finish', block: s.block, report: r });
  }

  /** One commit: outcomes of commands that ended, settlements, requeues, and the next claim. */
  async function commit(claimReq: ClaimRequest | null): Promise<WorkBlock[]> {
    const justEnded = ended.splice(0);
    const killRequeued = await applyKillRequests(db, justEnded);
    const outcomes = justEnded.filter((e) => !e.interrupted);
    const interrupted = justEnded.filter((e) => e.interrupted).map((e): Requeue => ({ block: e.block, reason: killRequeued.has(e.block.id) ? 'killed' : 'interrupted' }));
    // Not again in this run (the claim below shares the commit): whatever stopped it may stop it again.
    interrupted.forEach((r) => exclude.add(r.block.id));
    const batch = { children: children.splice(0), settlements: settlements.splice(0), requeues: interrupted, unclaims: unclaimed.splice(0) };
    try {
      const claimed = await commitTransitions(db, lease, { ...batch, outcomes: outcomes.map((e) => ({ id: e.block.id, outcome: e.outcome })), claim: claimReq }, onLockWait);
      paused ||= claimed.paused;
      recorded.push(...outcomes);
      batch.settlements.forEach(report);
      // A block handed back unstarted does not count against N: another may take its place.
      for (const block of batch.unclaims) claimedIds.delete(block.id);
      for (const r of interrupted) report({ kind: 'interrupted', block: r.block });
      return claimed.blocks;
    } catch (e) {
      // Nothing was committed: keep it all for the next attempt, which waits patiently for the lock.
      ended.unshift(...justEnded);
      children.unshift(...batch.children);
      settlements.unshift(...batch.settlements);
      unclaimed.unshift(...batch.unclaims);
      throw e;
    }
  }

  let escaped: unknown; // an error no step expected, thrown out of the loop
  try {
    for (;;) {
      // With --abort-on-failure a failure must be judged before anything else starts.
      const holdForVerdict = !!opts.abortOnFailure && [...ended, ...recorded].some((f) => !f.outcome.ok);
      const prefetch = prefetchNow();
      const depth = concurrency + (heldBack ? 0 : prefetch);
      while (!stopping() && !holdForVerdict && ready.length && inRunner.size < depth) start(ready.shift()!);
      if (stopping() && ready.length) unclaimed.push(...ready.splice(0));
      for (const f of recorded.splice(0)) {
        const s = await decide(f, opts.loggers);
        // Not again in this run (the next claim shares this commit): the next execute re-delivers.
        if (s.kind === 'undelivered') exclude.add(s.block.id);
        settlements.push(s);
        lazySince ??= performance.now();
      }
      // A waiting worker may never be idle: schedules and recovery still come once a tick.
      if (waitStep?.tickDue() && !stopping()) await waitStep.tick();
      const budget = opts.n - claimedIds.size;
      // Past N, only retries of this run's blocks may be taken: look only if there are some. After a claim
      // that brought commands, take few blocks beyond the free slots (not read 200 rows to fill one).
      const want = stopping() || (budget <= 0 && !retriesScheduled) ? 0 : depth - inRunner.size - ready.length;
      const claimReq: ClaimRequest | null =
        want > 0 ? { max: Math.min(budget > 0 ? budget : CLAIM_MAX, CLAIM_MAX, commandsNext ? want + 8 : CLAIM_MAX), commandSlots: want, tags: opts.tags, batch: opts.batch, excludeIds: exclude, retriesOf: budget > 0 ? undefined : claimedIds } : null;
      // Claim when the runner runs low (or sits idle), not for every slot that frees: fewer commits.
      const runningLow = ready.length + inRunner.size <= concurrency + (prefetch >> 1);
      const lazyDue = lazySince !== null && (!inRunner.size || stopping() || performance.now() - lazySince >= LAZY_COMMIT_MS);
      const work = ended.length + unclaimed.length + (lazyDue ? settlements.length + children.length : 0);
      if (work || (claimReq && runningLow)) {
        let claimed: WorkBlock[];
        try {
          claimed = await commit(claimReq);
        } catch (e) {
          if (lastCommitFailed) throw e; // twice in a row, waiting patiently: nothing more can be recorded
          lastCommitFailed = true;
          failure ??= coerceError(e);
          stop('SIGTERM');
          continue;
        }
        lastCommitFailed = false;
        lazySince = settlements.length || children.length ? performance.now() : null;
        commandsNext = claimed.some((b) => b.command && !b.outcome);
        for (const block of claimed) {
          claimedIds.add(block.id);
          if (block.outcome || !block.command) emit({ type: 'start', block });
          // A stored outcome (a note block's, or a run recorded before a crash or a refusal) is only delivered.
          if (block.outcome) recorded.push({ block, outcome: block.outcome });
          else ready.push(block);
        }
        if (claimed.length || work) continue;
      }
      if (inRunner.size && !ended.length && !unclaimed.length) {
        const woke = nextEvent();
        // Waiting settlements or notes bound the nap: they are committed within LAZY_COMMIT_MS.
        if (lazySince !== null && !(await Promise.race([woke, sleep(Math.max(0, lazySince + LAZY_COMMIT_MS - performance.now()), false)]))) continue;
        const waiting = [...inRunner.values()].filter((h) => !h.hasStarted);
        // Blocks queued behind long commands go back (their done resolves at once, which wakes us).
        if (waiting.length && !(await Promise.race([woke, sleep(PREFETCH_HOLD_MS, false)]))) {
          heldBack = true;
          waiting.forEach((h) => h.cancel());
        }
        await woke;
        const deadline = performance.now() + SETTLE_WAIT_MS;
        while (ended.length && ended.length < SETTLE_BATCH && inRunner.size > concurrency && !stopping() && performance.now() < deadline) {
          await Promise.race([nextEvent(), sleep(deadline - performance.now(), false)]);
        }
        continue;
      }
      // (Events can arrive while a transaction waits for the lock: anything left means another turn.)
      if (inRunner.size || ended.length || recorded.length || settlements.length || unclaimed.length || children.length || (ready.length && !stopping())) continue;
      // --wait: the last claim found nothing; wait for work, then claim again (or stop: see stopping()).
      if (waitStep && !stopping() && opts.n - claimedIds.size > 0) {
        await waitStep.turn();
        continue;
      }
      // Only a run that scheduled retries looks for them (the lookup reads every pending row).
      if (opts.waitForRetries && retriesScheduled && !stopping() && (await waitForRetries(db, claimedIds, exclude, opts.signal))) continue;
      break;
    }
  } catch (e) {
    escaped = e;
    throw e;
  } finally {
    undeferSync();
    clearInterval(renewTimer);
    opts.signal?.removeEventListener('abort', onAbort);
    // Only an unrecoverable error leaves commands here; they die with their spawners, and their
    // blocks go back to pending (recovery would do it only once this process is gone).
    runner.close({ stopped });
    if (escaped !== undefined) await handBack(db, lease, escaped);
  }
  if (failure) throw failure;
  const interruptedBy = opts.signal?.aborted ? String(opts.signal.reason ?? 'SIGTERM') : null;
  return { ...reports.summary(t0), paused, interruptedBy };
}

/**
 * Returns the blocks a failed run still holds. If the database is what failed, this fails too: the
 * first error is the one to report (the CLI names a locked database by it), and recovery returns the
 * blocks once this process is gone.
 */
async function handBack(db: Kysely<Database>, lease: Lease, error: unknown): Promise<void> {
  await releaseHeld(db, lease, `interrupted by an error (${coerceError(error).message}); will run again`).catch(() => undefined);
}
