/** The one summary every notification target is built from: a run or an execute, its counts and its failures. */
import { redactText } from '../redact.js';
import { shortDuration } from '../format/time.js';
import type { ExecuteSummary } from '../queue/types.js';
import type { NotifyWhen } from './spec.js';

export interface FailedBlock {
  id: number;
  name: string | null;
  task: string;
  status: string;
  exit_code: number | null;
  /** the last error, redacted */
  error: string | null;
}

export interface NotifySummary {
  event: 'execute' | 'run';
  run_id: string | null;
  run_name: string | null;
  success: boolean;
  /** set when Ctrl-C or a signal stopped the run: it counts as a failure */
  interrupted_by: string | null;
  executed: number;
  successful: number;
  failed: number;
  /** never ran: a dependency failed (blocked), or an abort, pause or signal stopped the run first (not_run) */
  blocked: number;
  not_run: number;
  duration_ms: number;
  finished_at: string;
  failed_blocks: FailedBlock[];
}

export interface RunIdentity {
  event: 'execute' | 'run';
  id: string | null;
  name: string | null;
}

export function notifySummary(s: ExecuteSummary, run: RunIdentity, interruptedBy: string | null, now = Date.now()): NotifySummary {
  return {
    event: run.event,
    run_id: run.id,
    run_name: run.name,
    success: s.success && !interruptedBy,
    interrupted_by: interruptedBy,
    executed: s.executed,
    successful: s.successful,
    failed: s.failed,
    blocked: s.blocks.filter((b) => b.status === 'blocked').length,
    not_run: s.blocks.filter((b) => b.status === 'not_run').length,
    duration_ms: Math.round(s.duration),
    finished_at: new Date(now).toISOString(),
    failed_blocks: s.blocks
      .filter((b) => b.status !== 'success')
      .map((b) => ({
        id: b.id,
        name: b.name,
        task: redactText(b.task),
        status: b.status,
        exit_code: b.exitCode,
        error: b.error !== null ? redactText(b.error) : b.exitCode !== null ? `exit ${b.exitCode}` : null,
      })),
  };
}

export function wanted(on: NotifyWhen, s: NotifySummary): boolean {
  return on === 'always' || (on === 'failure' ? !s.success : s.success);
}

/** One line for chat targets: `workblock run "nightly": failed: 3 executed, 2 succeeded, 1 failed in 1.2 s`. */
export function headline(s: NotifySummary): string {
  const what = s.event === 'run' ? `workblock run${s.run_name ? ` "${s.run_name}"` : ''}` : 'workblock execute';
  const verdict = s.interrupted_by ? `interrupted (${s.interrupted_by})` : s.success ? 'succeeded' : 'failed';
  const never = [s.blocked ? `${s.blocked} blocked` : '', s.not_run ? `${s.not_run} not run` : ''].filter(Boolean).join(', ');
  return `${what} ${verdict}: ${s.executed} executed, ${s.successful} succeeded, ${s.failed} failed${never ? `, ${never}` : ''} in ${shortDuration(s.duration_ms)}`;
}

/** `#3 build: exit 3 (make: *** no rule)` per failed block. */
export function failedLine(b: FailedBlock): string {
  return `#${b.id} ${b.name ?? b.task}: ${b.status}${b.error ? ` (${b.error.replace(/\s+/g, ' ')})` : ''}`;
}

/** Joins lines until `max` characters, then says how many were left out. */
export function clipLines(lines: string[], max: number): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].length > 300 ? `${lines[i].slice(0, 299)}…` : lines[i];
    const more = `\n… and ${lines.length - i} more`;
    if (out.length + line.length + 1 + more.length > max) return `${out}${more}`.trim();
    out += (out ? '\n' : '') + line;
  }
  return out;
}
