/**
 * The execute loop: claim ready blocks, run them within the concurrency cap, deliver to loggers,
 * settle each in the database. Workers are dumb; correctness lives in claim/settle transactions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../loggers/logger.js';
import { claimBlocks } from '../queue/claim.js';
import { newLease, renewLeases, type Lease } from '../queue/lease.js';
import { recoverStale } from '../queue/recover.js';
import { settle, type Settlement } from '../queue/finish.js';
import type { BlockReport, ExecOutcome, ExecuteSummary, WorkBlock } from '../queue/types.js';
import { retryDelayMs } from './backoff.js';
import { deliver } from './deliver.js';
import { runCommand, type RunningCommand } from './run-command.js';
import { waitForRetries } from './wait-retries.js';
import { coerceError } from '../errors.js';

export type ExecuteEvent =
  | { type: 'recovered'; ids: number[] }
  | { type: 'paused' }
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
  /** keep going until retries of started blocks are done (run FILE), sleeping while holding nothing */
  waitForRetries?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: ExecuteEvent) => void;
}

/** Blocks without a command are units of work already done: executing them records them. */
function recordedOutcome(block: WorkBlock): ExecOutcome {
  const now = Date.now();
  return { ok: true, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdoutTail: '', stderrTail: '', error: null, attempt: block.attempts, startedAt: now, finishedAt: now };
}

export interface ExecuteResult extends ExecuteSummary {
  paused: boolean;
  interruptedBy: string | null;
}

export async function execute(db: Kysely<Database>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const t0 = performance.now();
  const concurrency = opts.concurrency ?? 1;
  const emit = opts.onEvent ?? (() => undefined);
  const lease = newLease();
  const recovered = await recoverStale(db);
  if (recovered.length) emit({ type: 'recovered', ids: recovered });

  const reports: BlockReport[] = [];
  const running = new Map<number, { handle: RunningCommand; done: Promise<void> }>();
  const startedIds = new Set<number>();
  const skip = new Set<number>();
  let paused = false;
  let failedOnce = false;
  const stopping = () => !!opts.signal?.aborted || (!!opts.abortOnFailure && failedOnce);

  const onAbort = () => running.forEach((r) => r.handle.kill((opts.signal?.reason as NodeJS.Signals) ?? 'SIGTERM'));
  opts.signal?.addEventListener('abort', onAbort);
  // A renewal that fails (say, the database is busy) is not fatal: the lease outlives three ticks.
  const renewTimer = setInterval(() => void renewLeases(db, lease).catch((e) => emit({ type: 'warning', message: `lease renewal failed: ${coerceError(e).message}` })), Math.max(1000, lease.ms / 3));
  renewTimer.unref();

  const settleOne = async (items: Array<{ block: WorkBlock; outcome: ExecOutcome; interrupted?: boolean }>) => {
    const settlements: Settlement[] = [];
    for (const { block, outcome, interrupted } of items) {
      const s = interrupted ? ({ kind: 'interrupted', block } as const) : await decide(block, outcome, opts.loggers);
      settlements.push(s);
      if (s.kind === 'undelivered') skip.add(block.id);
    }
    await settle(db, lease, settlements);
    for (const s of settlements) {
      const report = toReport(s);
      if (report.status === 'failed' || report.status === 'undelivered') failedOnce = true;
      // A retry is not an end: the block reports once, when it settles for good.
      if (report.status !== 'retry') reports.push(report);
      emit({ type: 'finish', block: s.block, report });
    }
  };

  try {
    for (;;) {
      const budget = opts.n - startedIds.size;
      const slots = concurrency - running.size;
      if (!stopping() && slots > 0) {
        // Once N blocks started, only their retries may still be claimed.
        const onlyIds = budget > 0 ? undefined : startedIds;
        const claim = await claimBlocks(db, lease, { max: budget > 0 ? Math.min(budget, 200) : 200, commandSlots: slots, tags: opts.tags, batch: opts.batch, skip, onlyIds });
        paused ||= claim.paused;
        if (claim.blocks.length) {
          const plain: Array<{ block: WorkBlock; outcome: ExecOutcome }> = [];
          for (const block of claim.blocks) {
            startedIds.add(block.id);
            emit({ type: 'start', block });
            if (block.outcome) plain.push({ block, outcome: block.outcome });
            else if (!block.command) plain.push({ block, outcome: recordedOutcome(block) });
            else startCommand(block);
          }
          if (plain.length) await settleOne(plain);
          continue;
        }
      }
      if (running.size) {
        await Promise.race([...running.values()].map((r) => r.done));
        continue;
      }
      if (opts.waitForRetries && !stopping() && (await waitForRetries(db, startedIds, skip, opts.signal))) continue;
      break;
    }
  } finally {
    clearInterval(renewTimer);
    opts.signal?.removeEventListener('abort', onAbort);
  }

  function startCommand(block: WorkBlock): void {
    fs.mkdirSync(opts.logsDir, { recursive: true, mode: 0o700 });
    const handle = runCommand(block, path.join(opts.logsDir, `${block.id}.log`));
    const done = handle.done.then(async (outcome) => {
      await settleOne([{ block, outcome, interrupted: handle.interrupted }]);
      running.delete(block.id);
    });
    running.set(block.id, { handle, done });
  }

  const successful = reports.filter((r) => r.status === 'success').length;
  const failed = reports.filter((r) => r.status === 'failed' || r.status === 'undelivered').length;
  return {
    success: failed === 0,
    executed: reports.length,
    successful,
    failed,
    duration: Math.round(performance.now() - t0),
    blocks: reports,
    paused,
    interruptedBy: opts.signal?.aborted ? String(opts.signal.reason ?? 'SIGTERM') : null,
  };
}

async function decide(block: WorkBlock, outcome: ExecOutcome, loggers: Logger[]): Promise<Settlement> {
  if (!outcome.ok && block.attempts <= block.maxRetries) {
    return { kind: 'retry', block, outcome, runAt: Date.now() + retryDelayMs(block.attempts, block.retryDelayMs) };
  }
  const refusal = await deliver(loggers, block, outcome);
  if (refusal) return { kind: 'undelivered', block, outcome, error: refusal };
  return outcome.ok ? { kind: 'success', block, outcome } : { kind: 'failed', block, outcome };
}

function toReport(s: Settlement): BlockReport {
  const o = 'outcome' in s ? s.outcome : null;
  const status = s.kind === 'undelivered' ? 'undelivered' : s.kind;
  return {
    id: s.block.id,
    task: s.block.task,
    name: s.block.name,
    status,
    exitCode: o?.exitCode ?? null,
    signal: o?.signal ?? null,
    timedOut: o?.timedOut ?? false,
    durationMs: Math.round(o?.durationMs ?? 0),
    error: s.kind === 'undelivered' ? s.error : (o?.error ?? null),
  };
}
