/**
 * The execute loop: claim ready blocks, run them within the concurrency cap, deliver to loggers,
 * settle each in the database. Workers are dumb; correctness lives in the claim/settle transactions.
 *
 * Short commands are pipelined: blocks are claimed ahead and queued in the command pool, so when a
 * command exits the pool starts the next at once and the settle + claim transaction runs while it
 * does. A block claimed ahead is taken back if nothing finishes soon, so long commands never hold
 * work other executors could run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { coerceError } from '../errors.js';
import type { Logger } from '../loggers/logger.js';
import { settleAndClaim, type ChildNote } from '../store/claim.js';
import { newLease, renewLeases } from '../store/lease.js';
import { recoverStale } from '../store/recover.js';
import { settle, type Settlement } from '../store/settle.js';
import type { BlockReport, ExecuteSummary, WorkBlock } from '../queue/types.js';
import { decide, recordedOutcome, type Finished } from './decide.js';
import { isFailure, summarize, toReport } from './report.js';
import { CommandPool } from '../runner/command-pool.js';
import type { LaunchedCommand } from '../runner/command-spec.js';
import { waitForRetries } from './wait-retries.js';

export type ExecuteEvent =
  | { type: 'recovered'; ids: number[] }
  | { type: 'warning'; message: string }
  | { type: 'start'; block: WorkBlock }
  | { type: 'finish'; block: WorkBlock; report: BlockReport };

export interface ExecuteOptions {
  n: number;
  concurrency?: number;
  loggers: Logger[];
  logsDir: string;
  tags?: string[];
  batch?: string | null;
  abortOnFailure?: boolean;
  /** keep going until retries of started blocks are done, sleeping while holding nothing */
  waitForRetries?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: ExecuteEvent) => void;
}

export interface ExecuteResult extends ExecuteSummary {
  paused: boolean;
  interruptedBy: string | null;
}

/** Blocks claimed ahead of a free slot, and how long they may wait before going back. */
const PREFETCH = 8;
const PREFETCH_HOLD_MS = 50;
/**
 * While the pool still has blocks queued, finished ones are settled a few per transaction rather than
 * one each: on two cores the executor's per-block work otherwise competes with the next command's fork.
 * Nothing waits on it, as the pool keeps going; a settle is delayed by at most SETTLE_WAIT_MS.
 */
const SETTLE_BATCH = 4;
const SETTLE_WAIT_MS = 15;
/** Most blocks one claim takes (blocks without a command need no slot). */
const CLAIM_MAX = 200;

export async function execute(db: Kysely<Database>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const t0 = performance.now();
  const concurrency = opts.concurrency ?? 1;
  const emit = opts.onEvent ?? (() => undefined);
  const lease = newLease();
  const recovered = await recoverStale(db);
  if (recovered.length) emit({ type: 'recovered', ids: recovered });

  const reports: BlockReport[] = [];
  // With --abort-on-failure nothing may start before a failure is judged: no block waits in the pool.
  const prefetch = opts.abortOnFailure ? 0 : PREFETCH;
  const pool = new CommandPool(concurrency, opts.logsDir);
  const inPool = new Map<number, LaunchedCommand>(); // queued in the pool or running
  const ready: WorkBlock[] = []; // claimed, not yet handed to the pool
  const takenBack: WorkBlock[] = []; // cancelled before they started, to unclaim
  const finished: Finished[] = [];
  const children: ChildNote[] = []; // started since the last transaction, recorded by the next one
  const claimedIds = new Set<number>();
  const skip = new Set<number>(); // undelivered in this run: the next execute tries again
  let paused = false;
  let failedOnce = false;
  let commandsNext = false;
  let heldBack = false; // claimed-ahead blocks were taken back: claim no more ahead until one finishes
  let retriesScheduled = false;
  let wake = () => {};
  /** Resolves (true) at the next finish, start or take-back. */
  const nextEvent = () => new Promise<boolean>((resolve) => (wake = () => resolve(true)));
  const stopping = () => !!opts.signal?.aborted || (!!opts.abortOnFailure && failedOnce);

  const onAbort = () => inPool.forEach((r) => r.kill((opts.signal?.reason as NodeJS.Signals) ?? 'SIGTERM'));
  opts.signal?.addEventListener('abort', onAbort);
  // A failed renewal (say, the database is busy) is not fatal: the lease outlives three ticks.
  const renewTimer = setInterval(() => void renewLeases(db, lease).catch((e) => emit({ type: 'warning', message: `lease renewal failed: ${coerceError(e).message}` })), Math.max(1000, lease.ms / 3));
  renewTimer.unref();

  function start(block: WorkBlock): void {
    const handle = pool.run(block);
    inPool.set(block.id, handle);
    // Record the process group now, not when the command ends: recovery needs it while it runs.
    void handle.started.then((pid) => {
      if (!pid) return;
      emit({ type: 'start', block });
      children.push({ id: block.id, pid });
      wake();
    });
    void handle.done.then((outcome) => {
      inPool.delete(block.id);
      if (outcome) {
        finished.push({ block, outcome, interrupted: handle.interrupted });
        heldBack = false;
      } else takenBack.push(block);
      wake();
    });
  }

  function record(settlements: Settlement[]): void {
    for (const s of settlements) {
      if (s.kind === 'unclaimed') continue;
      const report = toReport(s);
      if (isFailure(report)) failedOnce = true;
      // A retry is not an end: the block reports once, when it settles for good.
      if (s.kind !== 'retry') reports.push(report);
      else retriesScheduled = true;
      emit({ type: 'finish', block: s.block, report });
    }
  }

  /** Hands claimed-ahead blocks back so other executors can run them. */
  async function unclaimReady(): Promise<void> {
    const back = ready.splice(0);
    back.forEach((b) => claimedIds.delete(b.id));
    await settle(db, lease, back.map((block) => ({ kind: 'unclaimed', block })));
  }

  try {
    for (;;) {
      // With --abort-on-failure a failure must be judged before anything else starts.
      const holdForVerdict = !!opts.abortOnFailure && finished.some((f) => !f.outcome.ok);
      const depth = concurrency + (heldBack ? 0 : prefetch);
      while (!stopping() && !holdForVerdict && ready.length && inPool.size < depth) start(ready.shift()!);
      const settlements: Settlement[] = [];
      for (const f of finished.splice(0)) settlements.push(await decide(f, opts.loggers));
      for (const block of takenBack.splice(0)) {
        claimedIds.delete(block.id);
        settlements.push({ kind: 'unclaimed', block });
      }
      // Not again in this run (the claim below shares the settle's transaction): the next execute retries.
      // (An interrupted block too: its process was killed from outside, and that may happen again.)
      settlements.forEach((s) => (s.kind === 'undelivered' || s.kind === 'interrupted') && skip.add(s.block.id));
      const budget = opts.n - claimedIds.size;
      // Past N, only retries of this run's blocks may be taken: look only if there are some.
      const want = stopping() || (budget <= 0 && !retriesScheduled) ? 0 : depth - inPool.size - ready.length;
      if (settlements.length || want > 0 || children.length) {
        // Once N blocks were claimed, only their retries may still be taken.
        const req = want > 0 ? { max: Math.min(budget > 0 ? budget : CLAIM_MAX, CLAIM_MAX), commandSlots: want, scan: commandsNext ? want + 8 : CLAIM_MAX, tags: opts.tags, batch: opts.batch, skip, onlyIds: budget > 0 ? undefined : claimedIds } : null;
        const claim = await settleAndClaim(db, lease, settlements, req, children.splice(0));
        record(settlements);
        paused ||= claim.paused;
        commandsNext = claim.blocks.some((b) => b.command && !b.outcome);
        for (const block of claim.blocks) {
          claimedIds.add(block.id);
          if (block.outcome || !block.command) emit({ type: 'start', block });
          if (block.outcome) finished.push({ block, outcome: block.outcome });
          else if (!block.command) finished.push({ block, outcome: recordedOutcome(block) });
          else ready.push(block);
        }
        if (claim.blocks.length || settlements.length) continue;
      }
      if (inPool.size && !finished.length && !children.length && !takenBack.length) {
        const woke = nextEvent();
        const waiting = [...inPool.values()].filter((h) => !h.hasStarted);
        // Blocks queued behind long commands go back (their done resolves at once, which wakes us).
        if (waiting.length && !(await Promise.race([woke, sleep(PREFETCH_HOLD_MS, false)]))) {
          heldBack = true;
          waiting.forEach((h) => h.cancel());
        }
        await woke;
        const deadline = performance.now() + SETTLE_WAIT_MS;
        while (finished.length && finished.length < SETTLE_BATCH && inPool.size > concurrency && !stopping() && performance.now() < deadline) {
          await Promise.race([nextEvent(), sleep(deadline - performance.now(), false)]);
        }
        continue;
      }
      // (Events can arrive while a transaction waits for the lock: anything left means another turn.)
      if (inPool.size || finished.length || takenBack.length || children.length || (ready.length && !stopping())) continue;
      // Only a run that scheduled retries looks for them (the lookup reads every pending row).
      if (opts.waitForRetries && retriesScheduled && !stopping() && (await waitForRetries(db, claimedIds, skip, opts.signal))) continue;
      break;
    }
  } finally {
    clearInterval(renewTimer);
    opts.signal?.removeEventListener('abort', onAbort);
    pool.close();
    ready.push(...takenBack.splice(0));
    if (ready.length) await unclaimReady();
  }
  return { ...summarize(reports, t0), paused, interruptedBy: opts.signal?.aborted ? String(opts.signal.reason ?? 'SIGTERM') : null };
}
