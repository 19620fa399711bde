/** Builds a finished WorkBlock and its ExecOutcome for tests, with overridable fields. */
import type { ExecOutcome, WorkBlock } from '../../src/queue/types.js';
import type { LogContext } from '../../src/loggers/logger.js';

const STARTED = Date.UTC(2025, 0, 15, 9, 30, 0);

export function sampleBlock(overrides: Partial<WorkBlock> = {}): WorkBlock {
  return {
    id: 7,
    task: 'Write the loggers',
    result: 'markdown and jsonl loggers work',
    insight: 'one fd per run keeps appends cheap',
    nextStep: 'wire them into execute',
    status: 'running',
    priority: 0,
    tags: ['loggers'],
    name: null,
    key: null,
    command: null,
    cwd: null,
    env: {},
    timeoutMs: null,
    maxRetries: 0,
    retryDelayMs: 0,
    runAt: STARTED,
    createdAt: STARTED - 60_000,
    startedAt: STARTED,
    finishedAt: STARTED + 1_500,
    attempts: 1,
    lastError: null,
    outcome: null,
    dependsOn: [],
    batch: null,
    ...overrides,
  };
}

export function sampleOutcome(overrides: Partial<ExecOutcome> = {}): ExecOutcome {
  return {
    ok: true,
    exitCode: 0,
    signal: null,
    timedOut: false,
    durationMs: 1_500,
    stdoutTail: '',
    stderrTail: '',
    error: null,
    attempt: 1,
    startedAt: STARTED,
    finishedAt: STARTED + 1_500,
    ...overrides,
  };
}

export function failedOutcome(overrides: Partial<ExecOutcome> = {}): ExecOutcome {
  return sampleOutcome({ ok: false, exitCode: 3, stderrTail: 'building...\nerror: disk full\n', ...overrides });
}

export function sampleContext(idempotencyKey = 'block-7-attempt-1'): LogContext {
  return { idempotencyKey };
}
