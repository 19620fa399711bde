/**
 * The result of `workblock run`: seed 000's result dict (success, executed, successful, failed,
 * duration) plus what never ran, counted apart: blocked (a dependency failed) and not_run (stopped by
 * --abort-on-failure, a pause or Ctrl-C before they started).
 */
import type { BlockReport, ExecuteSummary } from '../queue/types.js';
import { summaryRecord } from '../schema/records.js';
import { printSummary } from './summary.js';
import { printJson, printLine } from './output.js';
import { visibleLine } from './terminal-text.js';

export interface RunSummary extends ExecuteSummary {
  run_id: string;
  name: string | null;
  blocked: number;
  not_run: number;
}

export function runSummary(runId: string, name: string | null, ran: BlockReport[], blocked: BlockReport[], notRun: BlockReport[], duration: number): RunSummary {
  const failed = ran.filter((r) => r.status === 'failed' || r.status === 'undelivered').length;
  return {
    success: failed === 0 && !blocked.length && !notRun.length,
    executed: ran.length,
    successful: ran.filter((r) => r.status === 'success').length,
    failed,
    duration,
    blocked: blocked.length,
    not_run: notRun.length,
    run_id: runId,
    name,
    blocks: [...ran, ...blocked, ...notRun],
  };
}

/** `run --json` and `--report`: the execute summary's JSON vocabulary (schema/records.ts) plus the run's own keys. */
export function runSummaryJson(s: RunSummary) {
  return { ...summaryRecord(s), blocked: s.blocked, not_run: s.not_run, run_id: s.run_id, name: s.name };
}

export function printRunSummary(s: RunSummary, json: boolean): void {
  if (json) return printJson(runSummaryJson(s));
  printSummary(s, false);
  const never = [s.blocked ? `${s.blocked} blocked by a failed dependency` : '', s.not_run ? `${s.not_run} not run` : ''].filter(Boolean).join(', ');
  if (never) printLine(`Never started: ${never}`);
  printLine(`Run ${s.run_id}${s.name ? ` (${visibleLine(s.name)})` : ''}: ${s.success ? 'success' : 'failed'}`);
}

export function runSummaryMarkdown(s: RunSummary, base: string): string {
  const never = s.blocked || s.not_run ? `\nNever started: ${s.blocked} blocked, ${s.not_run} not run.\n` : '';
  return base.replace(/^# workblock run: \w+/, `# workblock run ${s.run_id}${s.name ? ` (${s.name})` : ''}: ${s.success ? 'success' : 'failed'}`) + never;
}
