/** The one JSON shape a block is delivered in, shared by the jsonl, exec, argv and webhook loggers. */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import type { LogContext } from './logger.js';

/**
 * The block's own fields plus how this run went, in the JSON vocabulary every reader of workblock
 * shares (snake_case, integer `*_ms` durations, ISO-8601 UTC times; see schema/records.ts).
 */
export interface LogRecord {
  idempotency_key: string;
  id: number;
  task: string;
  result: string;
  insight: string;
  next_step: string;
  priority: number;
  tags: string[];
  name: string | null;
  outcome: 'success' | 'failed';
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  duration_ms: number;
  attempt: number;
  started_at: string;
  finished_at: string;
}

/** Deliberately leaves out the command, cwd, env and output: they may hold secrets receivers should not see. */
export function buildRecord(block: WorkBlock, outcome: ExecOutcome, ctx: LogContext): LogRecord {
  return {
    idempotency_key: ctx.idempotencyKey,
    id: block.id,
    task: block.task,
    result: block.result,
    insight: block.insight,
    next_step: block.nextStep,
    priority: block.priority,
    tags: block.tags,
    name: block.name,
    outcome: outcome.ok ? 'success' : 'failed',
    exit_code: outcome.exitCode,
    signal: outcome.signal,
    timed_out: outcome.timedOut,
    duration_ms: Math.round(outcome.durationMs),
    attempt: outcome.attempt,
    started_at: new Date(outcome.startedAt).toISOString(),
    finished_at: new Date(outcome.finishedAt).toISOString(),
  };
}

/**
 * Linux refuses to start a program when one env string exceeds 128 KiB (E2BIG), which would leave
 * a block with a long result undeliverable forever. 16 Ki characters stay under it even as 4-byte
 * UTF-8; the full text is always in the JSON record.
 */
export const ENV_VALUE_MAX_CHARS = 16 * 1024;

/** The same record as environment variables, for loggers that would rather not parse JSON. */
export function recordEnv(record: LogRecord): Record<string, string> {
  return {
    WORKBLOCK_ID: String(record.id),
    WORKBLOCK_TASK: capped(record.task),
    WORKBLOCK_RESULT: capped(record.result),
    WORKBLOCK_INSIGHT: capped(record.insight),
    WORKBLOCK_NEXT_STEP: capped(record.next_step),
    WORKBLOCK_OUTCOME: record.outcome,
    WORKBLOCK_EXIT_CODE: record.exit_code === null ? '' : String(record.exit_code),
    WORKBLOCK_DURATION_MS: String(record.duration_ms),
    WORKBLOCK_IDEMPOTENCY_KEY: record.idempotency_key,
  };
}

function capped(text: string): string {
  return text.length > ENV_VALUE_MAX_CHARS ? text.slice(0, ENV_VALUE_MAX_CHARS) : text;
}
