/**
 * The execute loop: claim ready blocks, run them within the concurrency cap, record each command's end,
 * deliver to loggers, settle. Workers are dumb; correctness lives in the store's transitions.
 *
 * Every block moves through durable steps, each committed before the next is visible: claimed (leased),
 * outcome recorded (the command can never run again), delivered, settled. One commit (commit.ts)
 * carries the outcomes that just came in, the settlements of those delivered since, and the next claim.
 * The loop's state lives in small pieces: what it holds (in-flight.ts), what waits for a commit
 * (outbox.ts), what it may claim (claim-book.ts), how far ahead (prefetch.ts), how it waits while
 * commands run (nap.ts), what it reports (report.ts).
 *
 * There is one way out (see stop()): a signal, a closed output, a deadline, a lost write lock or any
 * error stops claiming, signals the running commands, records what finished, returns the rest to pending.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deferSyncToCommit } from '../db/deferred-sync.js';
import { coerceError } from '../errors.js';
import { signalLoggerGroups } from '../loggers/process-groups.js';
import { newLease, renewEveryMs, renewLeases, type Lease } from '../store/lease.js';
import { recoverStale } from '../store/recover.js';
import { releaseHeld } from '../store/requeue.js';
import type { Settlement } from '../store/settle.js';
import type { WorkBlock } from '../queue/types.js';
import { CommandPool } from '../runner/command-pool.js';
import { ClaimBook } from './claim-book.js';
import { commitOutbox } from './commit.js';
import { decide, type Finished } from './decide.js';
import type { ExecuteOptions, ExecuteResult } from './execute-types.js';
import { InFlight } from './in-flight.js';
import { Outbox } from './outbox.js';
import { mayNap, nap } from './nap.js';
import { PrefetchPolicy } from './prefetch.js';
import { RunRecord, type Interrupted } from './report.js';
import { forwardedSignal } from './shutdown.js';
import { Wakeup } from './wakeup.js';
import { waitForRetries } from './wait-retries.js';

export type { ExecuteEvent, ExecuteOptions, ExecuteResult } from './execute-types.js';

export async function execute(db: Kysely<Database>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const t0 = performance.now();
  const concurrency = opts.concurrency ?? 1;
  const emit = opts.onEvent ?? (() => undefined);
  const lease = newLease();
  // Commits still end durable, but their fsync no longer holds up the commands (deferred-sync.ts).
  const undeferSync = deferSyncToCommit(db);
  const recovered = await recoverStale(db);
  if (recovered.length) emit({ type: 'recovered', ids: recovered });

  const run = new RunRecord(opts.keepReports);
  const book = new ClaimBook(opts.n, { tags: opts.tags, batch: opts.batch });
  const prefetch = new PrefetchPolicy(concurrency, !!opts.abortOnFailure);
  const outbox = new Outbox();
  const wakeup = new Wakeup();
  const toDeliver: Finished[] = []; // outcome stored: to deliver
  const inFlight = new InFlight(new CommandPool(concurrency, opts.logsDir), {
    started(block, pid) {
      emit({ type: 'start', block });
      outbox.commandStarted(block.id, pid);
      wakeup.ring();
    },
    ended(block, outcome, interrupted) {
      prefetch.commandEnded(outcome.durationMs);
      outbox.commandEnded({ block, outcome, interrupted });
      wakeup.ring();
    },
    neverStarted(block) {
      outbox.neverStarted(block);
      wakeup.ring();
    },
  });
  let stopped = false;
  let failure: Error | null = null; // the first error that stopped this run: reported once it is tidy
  let lastCommitFailed = false;
  const waitStep = opts.wait ? new (await import('./wait-step.js')).WaitStep(db, { filter: { tags: opts.tags, batch: opts.batch }, exclude: book.setAside, deadline: opts.deadline, signal: opts.signal, emit, pollMs: opts.waitPollMs }) : null;

  const pastDeadline = () => opts.deadline !== undefined && Date.now() >= opts.deadline;
  const stopping = () => stopped || pastDeadline() || (!!opts.abortOnFailure && run.failedOnce);
  const napper = { wakeup, outbox, inFlight, prefetch, concurrency, stopping };

  /**
   * The one shutdown path: start nothing new, hand back what has not started, and signal the running
   * commands' and loggers' process groups (SIGKILL follows after the grace period). The loop then records what
   * finished and returns the rest to pending.
   */
  function stop(signal: NodeJS.Signals): void {
    if (stopped) return;
    stopped = true;
    inFlight.signal(signal);
    // A delivery in progress is cut short too: its outcome is recorded, so the next execute re-delivers it.
    signalLoggerGroups(signal);
    wakeup.ring();
  }
  const onAbort = () => stop(forwardedSignal(opts.signal?.reason));
  if (opts.signal?.aborted) stopped = true;
  opts.signal?.addEventListener('abort', onAbort);
  const onLockWait = (ms: number) => emit({ type: 'warning', message: `the database is locked by another writer: waiting to record finished work (${Math.round(ms / 1000)} s so far)` });
  // A failed renewal (say, the database is busy) is not fatal: the lease outlives two more ticks.
  const renewTimer = setInterval(() => void renewLeases(db, lease).catch((e) => emit({ type: 'warning', message: `lease renewal failed: ${coerceError(e).message}` })), renewEveryMs(lease));
  renewTimer.unref();

  function report(s: Settlement | Interrupted): void {
    emit({ type: 'finish', block: s.block, report: run.record(s) });
  }

  let escaped: unknown; // an error no step expected, thrown out of the loop
  try {
    for (;;) {
      // With --abort-on-failure a failure must be judged before anything else starts.
      const holdForVerdict = !!opts.abortOnFailure && [...outbox.ended, ...toDeliver].some((f) => !f.outcome.ok);
      const ahead = prefetch.ahead();
      const depth = prefetch.depth(ahead);
      inFlight.startUpTo(depth, () => !stopping() && !holdForVerdict);
      if (stopping()) inFlight.takeReady().forEach((block) => outbox.neverStarted(block));
      for (const f of toDeliver.splice(0)) {
        const s = await decide(f, opts.loggers);
        // Not again in this run (the next claim shares this commit): the next execute re-delivers.
        if (s.kind === 'undelivered') book.setAside.add(s.block.id);
        outbox.settled(s);
      }
      // A waiting worker may never be idle: schedules and recovery still come once a tick.
      if (waitStep?.tickDue() && !stopping()) await waitStep.tick();
      const claimReq = book.request(stopping() ? 0 : depth - inFlight.inRunner - inFlight.waitingForRoom, run.retriesScheduled);
      const runningLow = prefetch.runningLow(inFlight.waitingForRoom + inFlight.inRunner, ahead);
      const work = outbox.work(outbox.lazyDue(!inFlight.inRunner || stopping()));
      if (work || (claimReq && runningLow)) {
        let claimed: WorkBlock[];
        try {
          const c = await commitOutbox(db, lease, outbox, book.setAside, claimReq, onLockWait);
          run.paused ||= c.paused;
          toDeliver.push(...c.recorded);
          c.settled.forEach(report);
          // A block handed back unstarted does not count against N: another may take its place.
          c.unclaimed.forEach((block) => book.gaveBack(block));
          c.interrupted.forEach((block) => report({ kind: 'interrupted', block }));
          claimed = c.claimed;
        } catch (e) {
          if (lastCommitFailed) throw e; // twice in a row, waiting patiently: nothing more can be recorded
          lastCommitFailed = true;
          failure ??= coerceError(e);
          stop('SIGTERM');
          continue;
        }
        lastCommitFailed = false;
        outbox.committed();
        book.took(claimed);
        for (const block of claimed) {
          if (block.outcome || !block.command) emit({ type: 'start', block });
          // A stored outcome (a note block's, or a run recorded before a crash or a refusal) is only delivered.
          if (block.outcome) toDeliver.push({ block, outcome: block.outcome });
          else inFlight.hold(block);
        }
        if (claimed.length || work) continue;
      }
      if (mayNap(napper)) {
        await nap(napper);
        continue;
      }
      // (Events can arrive while a transaction waits for the lock: anything left means another turn.)
      if (inFlight.inRunner || toDeliver.length || !outbox.isEmpty() || (inFlight.waitingForRoom && !stopping())) continue;
      // --wait: the last claim found nothing; wait for work, then claim again (or stop: see stopping()).
      if (waitStep && !stopping() && book.budget() > 0) {
        await waitStep.turn();
        continue;
      }
      // Only a run that scheduled retries looks for them (the lookup reads every pending row).
      if (opts.waitForRetries && run.retriesScheduled && !stopping() && (await waitForRetries(db, book.claimed, book.setAside, opts.signal))) continue;
      break;
    }
  } catch (e) {
    escaped = e;
    throw e;
  } finally {
    undeferSync();
    waitStep?.close();
    clearInterval(renewTimer);
    opts.signal?.removeEventListener('abort', onAbort);
    // Only an unrecoverable error leaves commands here; they die with their spawners, and their
    // blocks go back to pending (recovery would do it only once this process is gone).
    inFlight.close(stopped);
    if (escaped !== undefined) await handBack(db, lease, escaped);
  }
  if (failure) throw failure;
  const interruptedBy = opts.signal?.aborted ? String(opts.signal.reason ?? 'SIGTERM') : null;
  return { ...run.tally.summary(t0), paused: run.paused, interruptedBy };
}

/**
 * Returns the blocks a failed run still holds. If the database is what failed, this fails too: the
 * first error is the one to report (the CLI names a locked database by it), and recovery returns the
 * blocks once this process is gone.
 */
async function handBack(db: Kysely<Database>, lease: Lease, error: unknown): Promise<void> {
  await releaseHeld(db, lease, `interrupted by an error (${coerceError(error).message}); will run again`).catch(() => undefined);
}
