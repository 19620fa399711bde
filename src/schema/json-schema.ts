/**
 * The block contract as JSON Schema (draft 2020-12), built from the same key tables and limits the
 * parsers use, so editors validate batch files and NDJSON with the rules workblock applies.
 * Shipped as schema/workblock.schema.json (a test keeps the file equal to this) and `workblock schema`.
 */
import { BLOCK_KEYS } from './block.js';
import { BATCH_COMMAND_KEYS, BATCH_FILE_KEYS, GROUP_WORDS, PHASE_KEYS, PHASE_MODES } from './batch.js';
import { DURATION_RANGES } from './duration.js';
import { DONE_WORDS, QUEUE_STATES } from './import-entry.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './import-file.js';
import { ENV_NAME_PATTERN, LIMITS, NAME_PATTERN, PRIORITY_WORDS, TAG_PATTERN } from './rules.js';

type Json = Record<string, unknown>;
const DURATION_TEXT = '^\\s*\\d+(\\.\\d+)?\\s*([a-zA-Z]+\\s*\\d*(\\.\\d+)?\\s*)*$';
const text = (max: number = LIMITS.text, description?: string): Json => ({ type: 'string', maxLength: max, ...(description ? { description } : {}) });
const nullable = (s: Json): Json => ({ anyOf: [s, { type: 'null' }] });
const time: Json = { type: 'string', format: 'date-time', description: 'ISO-8601 UTC' };
const ms = (description: string, min = 0, max = Number.MAX_SAFE_INTEGER): Json => ({ type: 'integer', minimum: min, maximum: max, description });

const priorityNumber: Json = { type: 'integer', minimum: -LIMITS.priority, maximum: LIMITS.priority };

const blockValue: Record<string, Json> = {
  task: { type: 'string', minLength: 1, maxLength: LIMITS.task, pattern: '\\S' },
  result: text(),
  insight: text(),
  next_step: text(),
  priority: { anyOf: [priorityNumber, { enum: Object.keys(PRIORITY_WORDS) }] },
  tags: { anyOf: [{ $ref: '#/$defs/tag' }, { type: 'array', items: { $ref: '#/$defs/tag' }, maxItems: LIMITS.tags }] },
  name: { $ref: '#/$defs/name' },
  key: { type: 'string', minLength: 1, maxLength: LIMITS.key },
  command: { $ref: '#/$defs/command' },
  cwd: text(4096),
  env: { $ref: '#/$defs/env' },
  after: { anyOf: [{ $ref: '#/$defs/ref' }, { type: 'array', items: { $ref: '#/$defs/ref' }, uniqueItems: true }] },
  retries: { type: 'integer', minimum: 0, maximum: LIMITS.retries },
  retry_delay: { $ref: '#/$defs/retryDelay' },
  retry_delay_ms: ms(BLOCK_KEYS.retry_delay_ms, DURATION_RANGES.retry_delay.min, DURATION_RANGES.retry_delay.max),
  timeout: { $ref: '#/$defs/timeout' },
  timeout_ms: ms(BLOCK_KEYS.timeout_ms, DURATION_RANGES.timeout.min, DURATION_RANGES.timeout.max),
  check: { type: 'string', minLength: 1, pattern: '\\S' },
};

function described<K extends string>(values: Record<K, Json>, descriptions: Record<K, string>, aliases: Record<string, K> = {}): Json {
  const props: Record<string, Json> = {};
  for (const k of Object.keys(descriptions) as K[]) props[k] = { ...values[k], description: descriptions[k] };
  for (const [alias, k] of Object.entries(aliases)) props[alias] = { ...values[k], description: `same as "${k}"` };
  return props;
}

const outcomeRecord: Json = {
  type: 'object',
  description: 'how one run of a command went',
  properties: {
    ok: { type: 'boolean' },
    exit_code: nullable({ type: 'integer' }),
    signal: nullable({ type: 'string' }),
    timed_out: { type: 'boolean' },
    duration_ms: ms('how long it ran'),
    stdout_tail: { type: 'string' },
    stderr_tail: { type: 'string' },
    error: nullable({ type: 'string' }),
    attempt: { type: 'integer', minimum: 1 },
    started_at: time,
    finished_at: time,
  },
  additionalProperties: false,
};

export function jsonSchema(): Json {
  const blockProps = described(blockValue as Record<keyof typeof BLOCK_KEYS, Json>, BLOCK_KEYS, { tag: 'tags', cmd: 'command' });
  const batchValues: Record<keyof typeof BATCH_COMMAND_KEYS, Json> = {
    ...(blockValue as Record<string, Json>),
    name: { $ref: '#/$defs/name' },
    task: blockValue.task,
    depends_on: { type: 'array', items: { $ref: '#/$defs/name' }, uniqueItems: true },
    check: { type: 'string', minLength: 1, pattern: '\\S' },
    memory_limit: { not: {} },
    // "medium" is a group word only: in a "priority" phase (see phase and batchFile below).
    priority: { anyOf: [priorityNumber, { enum: Object.keys(GROUP_WORDS) }] },
  } as never;
  const notMedium: Json = { properties: { priority: { not: { const: 'medium' } } } };
  const queued = {
    type: 'object',
    description: 'a queued block as `export` writes it and `import` reads it (also list/show --json)',
    properties: {
      ...blockProps,
      // A record writes null where a block has no such value (import reads null as absent).
      ...Object.fromEntries((['name', 'key', 'command', 'cwd', 'timeout_ms', 'check'] as const).map((k) => [k, { ...nullable(blockValue[k]), description: BLOCK_KEYS[k] }])),
      id: { type: 'integer', minimum: 1 },
      host: nullable({ type: 'string', description: '`show --json` only: the host it runs or ran on (`import` does not read it)' }),
      status: { enum: [...QUEUE_STATES] },
      attempts: { type: 'integer', minimum: 0 },
      depends_on: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'ids of blocks of the same file' },
      last_error: nullable({ type: 'string' }),
      run_at: nullable(time),
      created_at: time,
      started_at: nullable(time),
      finished_at: nullable(time),
      batch: nullable({ type: 'string' }),
      run_name: nullable({ $ref: '#/$defs/name' }),
      pending_outcome: nullable({ $ref: '#/$defs/outcome' }),
      masked: { type: 'array', items: { type: 'string' }, description: 'fields `export` masked; import refuses the entry' },
      added: { type: 'string', description: 'legacy batch-tasks.json: same as created_at' },
      completed: { type: 'string', description: 'legacy batch-tasks.json: same as finished_at' },
    },
    required: ['task'],
    additionalProperties: false,
  };
  const history = {
    type: 'object',
    description: 'a history entry (history --json, export)',
    properties: {
      id: { type: 'integer', minimum: 1 },
      task: blockValue.task,
      result: text(),
      insight: text(),
      next_step: text(),
      outcome: { enum: ['success', 'failed'] },
      exit_code: nullable({ type: 'integer' }),
      duration_ms: ms('how long the last run took'),
      attempts: { type: 'integer', minimum: 0 },
      priority: { type: 'integer' },
      tags: { type: 'array', items: { $ref: '#/$defs/tag' } },
      name: nullable({ $ref: '#/$defs/name' }),
      command: nullable({ $ref: '#/$defs/command' }),
      last_error: nullable({ type: 'string' }),
      created_at: time,
      started_at: nullable(time),
      finished_at: time,
      host: nullable({ type: 'string', description: '`show --json` only: the host it ran on (`import` does not read it)' }),
      masked: { type: 'array', items: { type: 'string' } },
      status: { enum: [...DONE_WORDS, 'failed'], description: 'legacy batch-tasks.json' },
      added: { type: 'string' },
      completed: { type: 'string' },
    },
    required: ['task'],
    additionalProperties: false,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/workblock/workblock/schema/workblock.schema.json',
    title: 'workblock',
    description: 'workblock batch files (the root), block objects (`add -` lines), exports and the JSON records workblock writes. Durations are integer milliseconds named *_ms; times ISO-8601 UTC.',
    $ref: '#/$defs/batchFile',
    $defs: {
      tag: { type: 'string', pattern: TAG_PATTERN },
      name: { type: 'string', pattern: NAME_PATTERN, not: { pattern: '^\\d+$' } },
      ref: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^\\d+$' }, { $ref: '#/$defs/name' }] },
      command: { anyOf: [{ type: 'string', minLength: 1, maxLength: LIMITS.text, pattern: '\\S' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: LIMITS.argv }] },
      env: { type: 'object', propertyNames: { pattern: ENV_NAME_PATTERN }, additionalProperties: { type: 'string', maxLength: LIMITS.envValue }, maxProperties: LIMITS.env },
      timeout: { anyOf: [{ type: 'string', pattern: DURATION_TEXT }, { type: 'number', exclusiveMinimum: 0, maximum: DURATION_RANGES.timeout.max / 1000 }], description: `a duration: "30s", "1h30m", "500ms" or seconds; ${DURATION_RANGES.timeout.text}` },
      retryDelay: { anyOf: [{ type: 'string', pattern: DURATION_TEXT }, { type: 'number', minimum: 0, maximum: DURATION_RANGES.retry_delay.max / 1000 }], description: `a duration; ${DURATION_RANGES.retry_delay.text}` },
      block: { type: 'object', description: 'one block: an `add -` NDJSON line or a library call', properties: blockProps, required: ['task'], additionalProperties: false },
      batchCommand: { type: 'object', properties: described(batchValues, BATCH_COMMAND_KEYS), required: ['name', 'command'], additionalProperties: false },
      phase: {
        type: 'object',
        properties: described({ name: { type: 'string' }, mode: { enum: [...PHASE_MODES], default: 'sequential' }, commands: { type: 'array', items: { $ref: '#/$defs/batchCommand' } } }, PHASE_KEYS),
        description: 'in a "priority" phase each command\'s "priority" is its group: 1, 2, ... or high, medium, low',
        // A "priority" phase needs each command's group; any other phase takes a block's priority.
        anyOf: [{ properties: { mode: { const: 'priority' }, commands: { items: { required: ['priority'] } } }, required: ['mode'] }, { properties: { mode: { not: { const: 'priority' } }, commands: { items: notMedium } } }],
        required: ['commands'],
        additionalProperties: false,
      },
      batchFile: {
        type: 'object',
        properties: described({ $schema: { type: 'string' }, name: { type: 'string' }, abort_on_failure: { type: 'boolean' }, commands: { type: 'array', items: { $ref: '#/$defs/batchCommand', ...notMedium }, minItems: 1 }, phases: { type: 'array', items: { $ref: '#/$defs/phase' }, minItems: 1 } }, BATCH_FILE_KEYS),
        oneOf: [{ required: ['commands'] }, { required: ['phases'] }],
        additionalProperties: false,
      },
      queuedBlock: queued,
      historyEntry: history,
      outcome: outcomeRecord,
      export: {
        type: 'object',
        description: '`export --json` (NDJSON: the header fields on line 1, then one block or history entry per line)',
        properties: {
          format: { const: EXPORT_FORMAT },
          version: { const: EXPORT_VERSION },
          exported_at: time,
          secrets: { enum: ['masked', 'included'] },
          blocks: { type: 'array', items: { $ref: '#/$defs/queuedBlock' } },
          history: { type: 'array', items: { $ref: '#/$defs/historyEntry' } },
        },
        required: ['format', 'version'],
        additionalProperties: false,
      },
      logRecord: {
        type: 'object',
        description: 'what the jsonl logger writes, the exec logger reads on stdin and the webhook logger POSTs',
        properties: {
          idempotency_key: { type: 'string', description: 'the same for every delivery of one run of one block' },
          id: { type: 'integer' },
          task: { type: 'string' },
          result: { type: 'string' },
          insight: { type: 'string' },
          next_step: { type: 'string' },
          priority: { type: 'integer' },
          tags: { type: 'array', items: { type: 'string' } },
          name: nullable({ type: 'string' }),
          outcome: { enum: ['success', 'failed'] },
          exit_code: nullable({ type: 'integer' }),
          signal: nullable({ type: 'string' }),
          timed_out: { type: 'boolean' },
          duration_ms: ms('how long the command ran'),
          attempt: { type: 'integer', minimum: 1 },
          started_at: time,
          finished_at: time,
        },
        additionalProperties: false,
      },
      summary: {
        type: 'object',
        description: '`execute --json`, `run --json` and `run --report`',
        properties: {
          success: { type: 'boolean' },
          executed: { type: 'integer' },
          successful: { type: 'integer' },
          failed: { type: 'integer' },
          duration: { type: 'number', description: 'seconds (seed 000); the same as duration_ms / 1000' },
          duration_ms: ms('wall time of the run'),
          blocked: { type: 'integer', description: '`run`: commands never started because a dependency failed' },
          not_run: { type: 'integer', description: '`run`: commands never started (abort on failure, a pause, Ctrl-C)' },
          interrupted: { type: 'integer', description: '`execute`: blocks stopped before their command finished (Ctrl-C, SIGTERM): back to pending, not counted in executed' },
          run_id: { type: 'string', description: '`run`: the run id' },
          name: nullable({ type: 'string', description: "`run`: the batch file's name" }),
          skipped: { type: 'string', description: '`execute --if-pending`: why nothing ran' },
          blocks: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                task: { type: 'string' },
                name: nullable({ type: 'string' }),
                status: { enum: ['success', 'failed', 'retry', 'undelivered', 'interrupted', 'blocked', 'not_run'] },
                exit_code: nullable({ type: 'integer' }),
                signal: nullable({ type: 'string' }),
                timed_out: { type: 'boolean' },
                duration_ms: ms('how long it ran'),
                error: nullable({ type: 'string' }),
              },
            },
          },
        },
      },
    },
  };
}
