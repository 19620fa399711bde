/** Turns settlements into the per-block reports and the summary that execute returns. */
import type { Settlement } from '../store/settle.js';
import type { BlockReport, ExecuteSummary, WorkBlock } from '../queue/types.js';

/** A block stopped before its command finished: it goes back to pending, and says so in the summary. */
export type Interrupted = { kind: 'interrupted'; block: WorkBlock };

export function toReport(s: Settlement | Interrupted): BlockReport {
  const o = 'outcome' in s ? s.outcome : null;
  return {
    id: s.block.id,
    task: s.block.task,
    name: s.block.name,
    status: s.kind,
    exitCode: o?.exitCode ?? null,
    signal: o?.signal ?? null,
    timedOut: o?.timedOut ?? false,
    durationMs: Math.round(o?.durationMs ?? 0),
    error: s.kind === 'undelivered' ? s.error : (o?.error ?? null),
  };
}

export function isFailure(r: BlockReport): boolean {
  return r.status === 'failed' || r.status === 'undelivered' || r.status === 'blocked';
}

export function summarize(reports: BlockReport[], startedAt: number): ExecuteSummary {
  const tally = new ReportTally();
  reports.forEach((r) => tally.add(r));
  return tally.summary(startedAt);
}

/**
 * Counts reports as they come and keeps the ones a summary shows. With `keep` set, every report is kept
 * while there are at most that many; past it, only the ones that did not succeed (the table and a
 * notification list those), so a long run does not hold a report per block. The counts are always
 * complete. Peak RSS of `execute 10000 --logger markdown`: 107-108 MiB keeping every report, 81-86 MiB
 * with this (GNU time, 3 runs each, interleaved).
 */
export class ReportTally {
  private readonly kept: BlockReport[] = [];
  private executed = 0;
  private successful = 0;
  private failed = 0;

  /** keep: most reports to hold (default: every one) */
  constructor(private readonly keep = Infinity) {}

  add(r: BlockReport): void {
    this.executed++;
    if (r.status === 'success') this.successful++;
    if (isFailure(r)) this.failed++;
    if (this.executed <= this.keep) return void this.kept.push(r);
    // Past the cap: successes make way for what needs a reader's attention.
    if (this.executed === this.keep + 1) this.dropSuccesses();
    if (r.status !== 'success') this.kept.push(r);
  }

  summary(startedAt: number): ExecuteSummary {
    return {
      success: this.failed === 0,
      executed: this.executed,
      successful: this.successful,
      failed: this.failed,
      duration: Math.round(performance.now() - startedAt),
      blocks: this.kept,
    };
  }

  private dropSuccesses(): void {
    const rest = this.kept.filter((k) => k.status !== 'success');
    this.kept.length = 0;
    this.kept.push(...rest);
  }
}

/** What a run tells at its end, filled as its blocks settle: the reports and what the loop steers by. */
export class RunRecord {
  readonly tally: ReportTally;
  /** a block failed for good (--abort-on-failure stops the run) */
  failedOnce = false;
  /** a block of this run waits for a retry: past N, the run may still claim it */
  retriesScheduled = false;
  /** a claim found the whole queue paused */
  paused = false;

  constructor(keepReports?: number) {
    this.tally = new ReportTally(keepReports);
  }

  record(s: Settlement | Interrupted): BlockReport {
    const r = toReport(s);
    if (isFailure(r)) this.failedOnce = true;
    // A retry is not an end: the block reports once, when it settles for good.
    if (s.kind === 'retry') this.retriesScheduled = true;
    else this.tally.add(r);
    return r;
  }
}
