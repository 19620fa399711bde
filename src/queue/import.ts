/**
 * Importing a file: the legacy batch-tasks.json ({ tasks: [...] } or a bare array), workblock's own
 * `export --json`, or NDJSON. Pending entries are queued, completed ones go to history; all or nothing.
 */
import type { Kysely } from 'kysely';
import type { Database, NewHistoryRow } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { UsageError } from '../errors.js';
import { insertBlocks } from './add.js';
import { encodeTags } from './rows.js';
import { validateNewBlock } from './validate.js';
import type { NewBlock } from './types.js';

interface Entry {
  block: NewBlock;
  done: { outcome: 'success' | 'failed'; createdAt: number; finishedAt: number } | null;
  where: string;
}

const DONE = new Set(['complete', 'completed', 'done', 'success']);

function time(value: unknown, fallback: number, where: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw new UsageError(`${where}bad date "${String(value)}": use ISO-8601 like 2026-01-31T12:00:00Z`);
  return ms;
}

function text(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UsageError(`${where}field "${key}" must be a string`);
  return v;
}

function toEntry(value: unknown, where: string, now: number): Entry {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where}expected an object with a "task" field`);
  const o = value as Record<string, unknown>;
  if (typeof o.task !== 'string') throw new UsageError(`${where}missing "task": every entry needs a task string`);
  const tags = Array.isArray(o.tags) ? o.tags.map(String) : undefined;
  const block: NewBlock = {
    task: o.task,
    result: text(o, 'result', where),
    insight: text(o, 'insight', where),
    nextStep: text(o, 'next_step', where),
    priority: typeof o.priority === 'number' ? o.priority : undefined,
    tags,
    name: text(o, 'name', where) ?? null,
    command: typeof o.command === 'string' && o.command ? { shell: o.command } : null,
  };
  validateNewBlock(block, where);
  const status = String(o.status ?? o.outcome ?? 'pending').toLowerCase();
  const createdAt = time(o.added ?? o.created_at, now, where);
  if (DONE.has(status) || status === 'failed') {
    const outcome = status === 'failed' ? 'failed' : 'success';
    return { block, where, done: { outcome, createdAt, finishedAt: time(o.completed ?? o.finished_at, createdAt, where) } };
  }
  return { block, where, done: null };
}

export function parseImport(content: string, file: string): Entry[] {
  const now = Date.now();
  const trimmed = content.trim();
  if (!trimmed) throw new UsageError(`${file} is empty: give a JSON or NDJSON file`);
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    // Not one document: NDJSON, one object per line.
    return trimmed.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [toEntry(JSON.parse(line), `${file} line ${i + 1}: `, now)];
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`${file} line ${i + 1}: malformed JSON: fix the line`);
      }
    });
  }
  const o = doc as Record<string, unknown>;
  const items = Array.isArray(doc) ? doc : Array.isArray(o?.tasks) ? o.tasks : Array.isArray(o?.blocks) ? [...(o.blocks as unknown[]), ...((o.history as unknown[]) ?? [])] : null;
  if (!items) throw new UsageError(`${file} has the wrong shape: expected { "tasks": [...] }, an array of tasks, or a workblock export`);
  return items.map((item, i) => toEntry(item, `${file} entry ${i + 1}: `, now));
}

export async function importEntries(db: Kysely<Database>, entries: Entry[]): Promise<{ queued: number; history: number }> {
  return withImmediateTransaction(db, async (trx) => {
    const pending = entries.filter((e) => !e.done);
    await insertBlocks(trx, pending.map((e) => e.block), (i) => pending[i].where);
    const done = entries.filter((e) => e.done);
    // Imported history gets fresh block ids from the queue's sequence, so they never collide with queued ones.
    for (const e of done) {
      const { id } = await trx.insertInto('blocks').values({ task: e.block.task, created_at: e.done!.createdAt, name: null, idem_key: null, command: null, cwd: null, env: null, timeout_ms: null, batch: null }).returning('id').executeTakeFirstOrThrow();
      await trx.deleteFrom('blocks').where('id', '=', id).execute();
      const row: NewHistoryRow = {
        block_id: id,
        task: e.block.task,
        result: e.block.result ?? '',
        insight: e.block.insight ?? '',
        next_step: e.block.nextStep ?? '',
        priority: Number(e.block.priority ?? 0),
        tags: encodeTags(e.block.tags ?? []),
        name: e.block.name ?? null,
        command: e.block.command ? JSON.stringify(e.block.command) : null,
        outcome: e.done!.outcome,
        exit_code: null,
        duration_ms: 0,
        attempts: 1,
        last_error: null,
        created_at: e.done!.createdAt,
        started_at: null,
        finished_at: e.done!.finishedAt,
      };
      await trx.insertInto('history').values(row).execute();
    }
    return { queued: pending.length, history: done.length };
  });
}
