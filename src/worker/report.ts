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
  const failed = reports.filter(isFailure).length;
  return {
    success: failed === 0,
    executed: reports.length,
    successful: reports.filter((r) => r.status === 'success').length,
    failed,
    duration: Math.round(performance.now() - startedAt),
    blocks: reports,
  };
}
