/** The one JSON shape a block is delivered in, shared by the jsonl, exec, argv and webhook loggers. */
import type { ExecOutcome, WorkBlock } from '../queue/types.js';
import type { LogContext } from './logger.js';

/** The block's own fields, as the queue holds them, plus how this run went. */
export interface LogRecord extends Pick<WorkBlock, 'id' | 'task' | 'result' | 'insight' | 'nextStep' | 'priority' | 'tags' | 'name'> {
  idempotencyKey: string;
  outcome: 'success' | 'failed';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  attempt: number;
  startedAt: string;
  finishedAt: string;
}

/** Deliberately leaves out the command, cwd, env and output: they may hold secrets receivers should not see. */
export function buildRecord(block: WorkBlock, outcome: ExecOutcome, ctx: LogContext): LogRecord {
  return {
    idempotencyKey: ctx.idempotencyKey,
    id: block.id,
    task: block.task,
    result: block.result,
    insight: block.insight,
    nextStep: block.nextStep,
    priority: block.priority,
    tags: block.tags,
    name: block.name,
    outcome: outcome.ok ? 'success' : 'failed',
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
    attempt: outcome.attempt,
    startedAt: new Date(outcome.startedAt).toISOString(),
    finishedAt: new Date(outcome.finishedAt).toISOString(),
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
    WORKBLOCK_NEXT_STEP: capped(record.nextStep),
    WORKBLOCK_OUTCOME: record.outcome,
    WORKBLOCK_EXIT_CODE: record.exitCode === null ? '' : String(record.exitCode),
    WORKBLOCK_DURATION_MS: String(record.durationMs),
    WORKBLOCK_IDEMPOTENCY_KEY: record.idempotencyKey,
  };
}

function capped(text: string): string {
  return text.length > ENV_VALUE_MAX_CHARS ? text.slice(0, ENV_VALUE_MAX_CHARS) : text;
}
