/** Converts between database rows and the domain types. */
import type { BlockRow, HistoryRow } from '../db/schema.js';
import type { Command, ExecOutcome, HistoryEntry, StoredStatus, WorkBlock } from './types.js';

export function encodeTags(tags: string[]): string {
  return tags.length ? `,${tags.join(',')},` : '';
}

export function decodeTags(text: string): string[] {
  return text ? text.split(',').filter(Boolean) : [];
}

function parseJson<T>(text: string | null): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

/**
 * The columns a WorkBlock is made of: the lease columns are left out. Both claims return only these
 * (each returned column is a value to build per row; the lease is the executor's own). The rows' real
 * cost was their shape, not their width: see db/wide-rows.ts.
 */
export const BLOCK_FIELDS = ['id', 'task', 'result', 'insight', 'next_step', 'status', 'priority', 'tags', 'name', 'idem_key', 'command', 'cwd', 'env', 'timeout_ms', 'max_retries', 'retry_delay_ms', 'run_at', 'created_at', 'started_at', 'finished_at', 'attempts', 'last_error', 'outcome', 'batch', 'run_name', 'check_command'] as const;

export type BlockFields = Pick<BlockRow, (typeof BLOCK_FIELDS)[number]>;

export function rowToBlock(row: BlockFields, dependsOn: number[] = []): WorkBlock {
  return {
    id: row.id,
    task: row.task,
    result: row.result,
    insight: row.insight,
    nextStep: row.next_step,
    status: row.status as StoredStatus,
    priority: row.priority,
    tags: decodeTags(row.tags),
    name: row.name,
    key: row.idem_key,
    command: parseJson<Command>(row.command),
    cwd: row.cwd,
    env: parseJson<Record<string, string>>(row.env) ?? {},
    timeoutMs: row.timeout_ms,
    maxRetries: row.max_retries,
    retryDelayMs: row.retry_delay_ms,
    runAt: row.run_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    attempts: row.attempts,
    lastError: row.last_error,
    outcome: parseJson<ExecOutcome>(row.outcome),
    dependsOn,
    batch: row.batch,
    runName: row.run_name,
    check: row.check_command ?? null,
  };
}

export function rowToHistory(row: HistoryRow): HistoryEntry {
  return {
    historyId: row.history_id,
    id: row.block_id,
    task: row.task,
    result: row.result,
    insight: row.insight,
    nextStep: row.next_step,
    priority: row.priority,
    tags: decodeTags(row.tags),
    name: row.name,
    command: parseJson<Command>(row.command),
    outcome: row.outcome as HistoryEntry['outcome'],
    exitCode: row.exit_code,
    durationMs: row.duration_ms,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A human label for a command, used in tables and diaries. */
export function commandText(command: Command | null): string {
  if (!command) return '';
  return 'shell' in command ? command.shell : command.argv.join(' ');
}
