/**
 * The JSON vocabulary: how a block, a history entry, a run's outcome and a delivery are written for
 * programs that read workblock (list/show/history/export --json, execute/run --json, the JSONL,
 * exec and webhook loggers). snake_case names; times ISO-8601 UTC; durations integer `*_ms`.
 */
import { looksSecret, redactEnv, redactText } from '../redact.js';
import { displayStatus, type BlockReport, type Command, type ExecOutcome, type ExecuteSummary, type HistoryEntry, type WorkBlock } from '../queue/types.js';

const MASK = '***';

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms ? new Date(ms).toISOString() : null;
}

/** A command in the vocabulary: a string runs under /bin/sh, a list runs without a shell. */
export function commandValue(c: Command | null): string | string[] | null {
  if (!c) return null;
  return 'shell' in c ? c.shell : [...c.argv];
}

function redactCommand(c: Command | null, env: Record<string, string>): string | string[] | null {
  if (!c) return null;
  return 'shell' in c ? redactText(c.shell, env) : c.argv.map((a) => redactText(a, env));
}

/** How secrets appear: redacted for reading (list, show), masked and listed for export, or included. */
export type Secrets = 'redact' | 'mask' | 'include';

export function outcomeRecord(o: ExecOutcome) {
  return {
    ok: o.ok,
    exit_code: o.exitCode,
    signal: o.signal,
    timed_out: o.timedOut,
    duration_ms: Math.round(o.durationMs),
    stdout_tail: o.stdoutTail,
    stderr_tail: o.stderrTail,
    error: o.error,
    attempt: o.attempt,
    started_at: isoOrNull(o.startedAt),
    finished_at: isoOrNull(o.finishedAt),
  };
}
export type OutcomeRecord = ReturnType<typeof outcomeRecord>;

export function blockRecord(b: WorkBlock, secrets: Secrets = 'redact', now = Date.now()) {
  const masked: string[] = [];
  let command = commandValue(b.command);
  let env: Record<string, string> = { ...b.env };
  if (secrets !== 'include') {
    const safe = redactCommand(b.command, b.env);
    if (JSON.stringify(safe) !== JSON.stringify(command)) masked.push('command');
    command = safe;
    if (secrets === 'redact') env = redactEnv(b.env);
    else for (const k of Object.keys(env)) if (looksSecret(k)) (env[k] = MASK), masked.push(`env.${k}`);
  }
  const check = b.check && secrets !== 'include' ? redactText(b.check, b.env) : (b.check ?? null);
  if (check !== (b.check ?? null)) masked.push('check');
  const record = {
    id: b.id,
    task: b.task,
    result: b.result,
    insight: b.insight,
    next_step: b.nextStep,
    status: displayStatus(b, now),
    priority: b.priority,
    tags: b.tags,
    name: b.name,
    key: b.key,
    command,
    cwd: b.cwd,
    env,
    timeout_ms: b.timeoutMs,
    retries: b.maxRetries,
    retry_delay_ms: b.retryDelayMs,
    depends_on: b.dependsOn,
    attempts: b.attempts,
    last_error: b.lastError && secrets !== 'include' ? redactText(b.lastError, b.env) : b.lastError,
    run_at: isoOrNull(b.runAt),
    created_at: isoOrNull(b.createdAt)!,
    started_at: isoOrNull(b.startedAt),
    finished_at: isoOrNull(b.finishedAt),
    batch: b.batch,
    run_name: b.runName ?? null,
    check,
    pending_outcome: b.outcome ? outcomeRecord(b.outcome) : null,
  };
  return secrets === 'mask' && masked.length ? { ...record, masked } : record;
}
export type BlockRecord = ReturnType<typeof blockRecord>;

export function historyRecord(h: HistoryEntry, secrets: Secrets = 'redact') {
  return {
    id: h.id,
    task: h.task,
    result: h.result,
    insight: h.insight,
    next_step: h.nextStep,
    outcome: h.outcome,
    exit_code: h.exitCode,
    duration_ms: h.durationMs,
    attempts: h.attempts,
    priority: h.priority,
    tags: h.tags,
    name: h.name,
    // History keeps its command redacted already (at settle time), so an export writes it as stored.
    command: secrets === 'redact' ? redactCommand(h.command, {}) : commandValue(h.command),
    last_error: h.lastError && secrets !== 'include' ? redactText(h.lastError) : h.lastError,
    created_at: isoOrNull(h.createdAt)!,
    started_at: isoOrNull(h.startedAt),
    finished_at: isoOrNull(h.finishedAt)!,
  };
}
export type HistoryRecord = ReturnType<typeof historyRecord>;

export function reportRecord(r: BlockReport) {
  return { id: r.id, task: r.task, name: r.name, status: r.status, exit_code: r.exitCode, signal: r.signal, timed_out: r.timedOut, duration_ms: Math.round(r.durationMs), error: r.error };
}

/**
 * `execute --json`, `run --json` and `--report`: seed 000's keys (success, executed, successful,
 * failed, duration) with `duration` in seconds as seed users expect, and `duration_ms` beside it.
 */
export function summaryRecord(s: ExecuteSummary) {
  const ms = Math.round(s.duration);
  return { success: s.success, executed: s.executed, successful: s.successful, failed: s.failed, duration: ms / 1000, duration_ms: ms, blocks: s.blocks.map(reportRecord) };
}
