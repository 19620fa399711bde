/**
 * One entry of an import file, read by the block schema plus the fields only an export carries
 * (id, status, attempts, times, dependencies by id). Queued blocks and history entries.
 */
import { createHash } from 'node:crypto';
import type { ExecOutcome, HistoryEntry, NewBlock, StoredStatus } from '../queue/types.js';
import { BLOCK_KEYS, isObject, parseBlockFields, readKeys, type BlockKey, type ParseContext } from './block.js';
import { fail, shown } from './errors.js';
import * as rule from './rules.js';

export interface QueuedImport {
  kind: 'queued';
  where: string;
  /** identifies this entry across imports, so that importing a file twice adds nothing */
  importKey: string;
  /** the exported id: kept when free, remapped (with the dependencies on it) when taken */
  id: number | null;
  block: NewBlock;
  status: StoredStatus;
  attempts: number;
  runAt: number;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  lastError: string | null;
  outcome: ExecOutcome | null;
  /** ids of other entries of the same file */
  dependsOn: number[];
  batch: string | null;
  runName: string | null;
}

/** A history entry as an import file gives it: the stored entry's fields, with the ids and times it may lack. */
export type HistoryImport = Omit<HistoryEntry, 'historyId' | 'id' | 'createdAt' | 'finishedAt'> & {
  kind: 'history';
  where: string;
  importKey: string;
  id: number | null;
  createdAt: number | null;
  finishedAt: number | null;
};

export type ImportEntry = QueuedImport | HistoryImport;

/** Queue states an entry may have; `retry` is a pending block waiting for its run_at. */
export const QUEUE_STATES = ['pending', 'retry', 'running', 'failed', 'blocked'] as const;
/** The legacy batch-tasks.json's words for a finished task. */
export const DONE_WORDS = ['success', 'complete', 'completed', 'done'] as const;

const STATE_KEYS = ['id', 'run_name', 'status', 'attempts', 'run_at', 'created_at', 'started_at', 'finished_at', 'last_error', 'depends_on', 'batch', 'pending_outcome', 'masked', 'added', 'completed'];
export const QUEUED_KEYS = [...Object.keys(BLOCK_KEYS), ...STATE_KEYS];
export const HISTORY_KEYS = ['id', 'task', 'result', 'insight', 'next_step', 'priority', 'tags', 'name', 'command', 'outcome', 'exit_code', 'duration_ms', 'attempts', 'last_error', 'created_at', 'started_at', 'finished_at', 'masked', 'status', 'added', 'completed'];

const opt = <T>(v: unknown, parse: (v: unknown) => T): T | null => (v === undefined || v === null ? null : parse(v));

function importKey(raw: unknown): string {
  return createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 32);
}

function refuseMasked(o: Record<string, unknown>): void {
  if (o.masked === undefined) return;
  if (!Array.isArray(o.masked) || o.masked.some((m) => typeof m !== 'string')) fail('masked', `${shown(o.masked)} is not a list`, 'remove the field');
  if (o.masked.length) fail(String(o.masked[0]), 'the value was masked by `export`', 're-export with --include-secrets, or set it after import');
}

function status(value: unknown, field = 'status'): string {
  const s = typeof value === 'string' ? value.toLowerCase() : '';
  if (![...QUEUE_STATES, ...DONE_WORDS].includes(s as never)) fail(field, `${shown(value)} is not a state`, `use ${QUEUE_STATES.join(', ')} (queued) or success, completed, done (finished)`);
  return s;
}

/** Whether a non-export entry belongs in history: it has an outcome, or a legacy "done"/"failed" status. */
export function isFinished(o: Record<string, unknown>, legacyFailedIsHistory: boolean): boolean {
  if (o.outcome !== undefined) return true;
  if (o.status === undefined || o.status === null) return false;
  const s = status(o.status);
  return (DONE_WORDS as readonly string[]).includes(s) || (legacyFailedIsHistory && s === 'failed');
}

function outcome(value: unknown, field: string): ExecOutcome {
  if (!isObject(value)) fail(field, `${shown(value)} is not an object`, 'give the outcome as exported');
  const o = readKeys(value, ['ok', 'exit_code', 'signal', 'timed_out', 'duration_ms', 'stdout_tail', 'stderr_tail', 'error', 'attempt', 'started_at', 'finished_at'], (k) => `${field}.${k}`) as Record<string, unknown>;
  return {
    ok: rule.bool(o.ok, `${field}.ok`),
    exitCode: opt(o.exit_code, (v) => rule.count(v, `${field}.exit_code`, 255)),
    signal: opt(o.signal, (v) => rule.text(v, `${field}.signal`, 16)),
    timedOut: o.timed_out === undefined ? false : rule.bool(o.timed_out, `${field}.timed_out`),
    durationMs: rule.count(o.duration_ms ?? 0, `${field}.duration_ms`, Number.MAX_SAFE_INTEGER),
    stdoutTail: opt(o.stdout_tail, (v) => rule.text(v, `${field}.stdout_tail`)) ?? '',
    stderrTail: opt(o.stderr_tail, (v) => rule.text(v, `${field}.stderr_tail`)) ?? '',
    error: opt(o.error, (v) => rule.text(v, `${field}.error`)),
    attempt: rule.count(o.attempt ?? 1, `${field}.attempt`),
    startedAt: rule.time(o.started_at, `${field}.started_at`),
    finishedAt: rule.time(o.finished_at, `${field}.finished_at`),
  };
}

function id(value: unknown, field = 'id'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(field, `${shown(value)} is not a block id`, 'use a whole number of 1 or more');
  return value;
}

export function parseQueuedEntry(value: unknown, ctx: ParseContext, where: string): QueuedImport {
  if (!isObject(value)) fail('', `${shown(value)} is not an object`, 'give an object with a "task" field');
  refuseMasked(value);
  const all = readKeys(value, QUEUED_KEYS, (k) => k) as Record<string, unknown>;
  const blockFields: Partial<Record<BlockKey, unknown>> = {};
  for (const k of Object.keys(BLOCK_KEYS) as BlockKey[]) if (all[k] !== undefined) blockFields[k] = all[k];
  const block = parseBlockFields(blockFields, ctx);
  if (all.added !== undefined && all.created_at !== undefined) fail('added', 'given with created_at', 'give one of them');
  const state = all.status === undefined ? 'pending' : status(all.status);
  if (!(QUEUE_STATES as readonly string[]).includes(state)) fail('status', `${shown(all.status)} is not a queued state`, `use ${QUEUE_STATES.join(', ')}`);
  const depends = all.depends_on === undefined ? [] : Array.isArray(all.depends_on) ? all.depends_on.map((d) => id(d, 'depends_on')) : fail('depends_on', `${shown(all.depends_on)} is not a list`, 'give a list of ids from this file');
  return {
    kind: 'queued',
    where,
    importKey: importKey(value),
    id: opt(all.id, id),
    block,
    // A block that was running when exported has no executor here: it runs again.
    status: state === 'retry' || state === 'running' ? 'pending' : (state as StoredStatus),
    attempts: opt(all.attempts, (v) => rule.count(v, 'attempts')) ?? 0,
    runAt: opt(all.run_at, (v) => rule.time(v, 'run_at')) ?? 0,
    createdAt: opt(all.created_at ?? all.added, (v) => rule.time(v, all.added !== undefined ? 'added' : 'created_at')),
    startedAt: opt(all.started_at, (v) => rule.time(v, 'started_at')),
    finishedAt: opt(all.finished_at ?? all.completed, (v) => rule.time(v, 'finished_at')),
    lastError: opt(all.last_error, (v) => rule.text(v, 'last_error')),
    outcome: opt(all.pending_outcome, (v) => outcome(v, 'pending_outcome')),
    dependsOn: [...new Set(depends)],
    batch: opt(all.batch, (v) => rule.text(v, 'batch', 200)),
    runName: opt(all.run_name, (v) => rule.name(v, 'run_name')),
  };
}

export function parseHistoryEntry(value: unknown, ctx: ParseContext, where: string): HistoryImport {
  if (!isObject(value)) fail('', `${shown(value)} is not an object`, 'give an object with a "task" field');
  refuseMasked(value);
  const o = readKeys(value, HISTORY_KEYS, (k) => k) as Record<string, unknown>;
  const s = o.outcome !== undefined ? String(o.outcome) : o.status === undefined ? '' : status(o.status);
  if (o.outcome !== undefined && s !== 'success' && s !== 'failed') fail('outcome', `${shown(o.outcome)} is not an outcome`, 'use success or failed');
  if (o.added !== undefined && o.created_at !== undefined) fail('added', 'given with created_at', 'give one of them');
  const createdAt = opt(o.created_at ?? o.added, (v) => rule.time(v, 'created_at'));
  const block = parseBlockFields({ task: o.task, result: o.result, insight: o.insight, next_step: o.next_step, priority: o.priority, tags: o.tags, name: o.name, command: o.command }, ctx);
  return {
    kind: 'history',
    where,
    importKey: importKey(value),
    id: opt(o.id, id),
    task: block.task,
    result: block.result ?? '',
    insight: block.insight ?? '',
    nextStep: block.nextStep ?? '',
    priority: block.priority ?? 0,
    tags: block.tags ?? [],
    name: block.name ?? null,
    command: block.command ?? null,
    outcome: s === 'failed' ? 'failed' : 'success',
    exitCode: opt(o.exit_code, (v) => rule.count(v, 'exit_code', 255)),
    durationMs: opt(o.duration_ms, (v) => rule.count(v, 'duration_ms', Number.MAX_SAFE_INTEGER)) ?? 0,
    attempts: opt(o.attempts, (v) => rule.count(v, 'attempts')) ?? 1,
    lastError: opt(o.last_error, (v) => rule.text(v, 'last_error')),
    createdAt,
    startedAt: opt(o.started_at, (v) => rule.time(v, 'started_at')),
    finishedAt: opt(o.finished_at ?? o.completed, (v) => rule.time(v, 'finished_at')) ?? createdAt,
  };
}
