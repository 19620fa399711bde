/**
 * Writing an import (read by schema/import-file.ts) in one transaction: queued blocks keep their
 * exported id when it is free and get a new one (with the dependencies on it) when it is taken;
 * history keeps its block ids the same way. Entries imported before (same import key) are skipped.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { isPostgres } from '../db/dialect.js';
import type { HistoryImport, QueuedImport } from '../schema/import-entry.js';
import type { ImportFile } from '../schema/import-file.js';
import { SchemaError } from '../schema/errors.js';
import { insertBlocks, type RowExtras } from './add.js';
import { refreshPlannerStats } from '../store/postgres/planner-stats.js';
import { encodeTags } from './rows.js';
import type { NewBlock } from './types.js';

export interface ImportResult {
  queued: number;
  history: number;
  /** entries already imported earlier (same content): nothing added for them */
  skipped: number;
  /** exported ids that were taken here, and the ids they got */
  remapped: Array<[number, number]>;
}

const CHUNK = 400;

async function importedKeys(trx: Kysely<Database>, keys: string[]): Promise<Map<string, number | null>> {
  const found = new Map<string, number | null>();
  for (let at = 0; at < keys.length; at += CHUNK) {
    const part = keys.slice(at, at + CHUNK);
    for (const r of await trx.selectFrom('blocks').select(['id', 'import_key']).where('import_key', 'is not', null).where('import_key', 'in', part).execute()) found.set(r.import_key!, r.id);
    for (const r of await trx.selectFrom('history').select(['block_id', 'import_key']).where('import_key', 'is not', null).where('import_key', 'in', part).execute()) if (!found.has(r.import_key!)) found.set(r.import_key!, null);
  }
  return found;
}

async function takenIds(trx: Kysely<Database>, ids: number[]): Promise<Set<number>> {
  const taken = new Set<number>();
  for (let at = 0; at < ids.length; at += CHUNK) {
    const part = ids.slice(at, at + CHUNK);
    for (const r of await trx.selectFrom('blocks').select('id').where('id', 'in', part).execute()) taken.add(r.id);
    for (const r of await trx.selectFrom('history').select('block_id').where('block_id', 'in', part).execute()) taken.add(r.block_id);
  }
  return taken;
}

/** A block id from the queue's sequence that no block will ever get again (history of a remapped id). */
async function reserveId(trx: Kysely<Database>, id?: number): Promise<number> {
  // PostgreSQL's sequence does not move for an explicit id (SQLite's AUTOINCREMENT does): move it.
  if (id && isPostgres(trx)) {
    await sql`select setval(pg_get_serial_sequence('blocks', 'id'), ${id})`.execute(trx);
    return id;
  }
  const row = await trx.insertInto('blocks').values({ ...(id ? { id } : {}), task: '', created_at: 0, name: null, idem_key: null, command: null, cwd: null, env: null, timeout_ms: null, batch: null }).returning('id').executeTakeFirstOrThrow();
  await trx.deleteFrom('blocks').where('id', '=', row.id).execute();
  return row.id;
}

async function highestId(trx: Kysely<Database>): Promise<number> {
  const seq = isPostgres(trx)
    ? await sql<{ seq: number }>`select coalesce(pg_sequence_last_value(pg_get_serial_sequence('blocks', 'id')), 0) as seq`.execute(trx)
    : await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'blocks'`.execute(trx);
  const max = await trx.selectFrom('blocks').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Math.max(Number(seq.rows[0]?.seq ?? 0), Number(max?.m ?? 0));
}

function extrasOf(e: QueuedImport): RowExtras {
  const out: RowExtras = { status: e.status, attempts: e.attempts, run_at: e.runAt, started_at: e.startedAt, finished_at: e.finishedAt, last_error: e.lastError, outcome: e.outcome ? JSON.stringify(e.outcome) : null, import_key: e.importKey };
  if (e.createdAt !== null) out.created_at = e.createdAt;
  return out;
}

export async function importEntries(db: Kysely<Database>, file: ImportFile): Promise<ImportResult> {
  const result = await withImmediateTransaction(db, async (trx) => {
    const done = await importedKeys(trx, [...new Set(file.entries.map((e) => e.importKey))]);
    const fresh = file.entries.filter((e) => !done.has(e.importKey));
    const queued = fresh.filter((e): e is QueuedImport => e.kind === 'queued');
    const history = fresh.filter((e): e is HistoryImport => e.kind === 'history');
    // Exported ids: kept when free here, else remapped; entries skipped as imported map to their block.
    const fileIds = [...new Set(fresh.map((e) => e.id).filter((id): id is number => id !== null))];
    const taken = await takenIds(trx, fileIds);
    const kept = fileIds.filter((id) => !taken.has(id));
    // The sequence moves past every kept id first, so new ids (remapped ones, later adds) never meet them.
    if (kept.length && Math.max(...kept) > (await highestId(trx))) await reserveId(trx, Math.max(...kept));
    const position = new Map<number, number>();
    queued.forEach((e, i) => e.id !== null && position.set(e.id, i));
    const existingById = new Map<number, number>();
    for (const e of file.entries) if (e.kind === 'queued' && e.id !== null && done.get(e.importKey)) existingById.set(e.id, done.get(e.importKey)!);
    const blocks: NewBlock[] = queued.map((e) => {
      const afterIndex: number[] = [];
      const after = [...(e.block.after ?? [])];
      for (const dep of e.dependsOn) {
        if (position.has(dep)) afterIndex.push(position.get(dep)!);
        else if (existingById.has(dep)) after.push(existingById.get(dep)!);
        else throw new SchemaError('depends_on', `#${dep} is not a block of this file`, 'export and import the queue together, or remove the dependency', e.where);
      }
      return { ...e.block, after, afterIndex, batch: e.batch, runName: e.runName };
    });
    const { ids } = await insertBlocks(trx, blocks, (i) => `${queued[i].where}: `, (i) => ({ ...extrasOf(queued[i]), ...(queued[i].id !== null && !taken.has(queued[i].id!) ? { id: queued[i].id! } : {}) }));
    const remapped = new Map<number, number>();
    queued.forEach((e, i) => e.id !== null && e.id !== ids[i] && remapped.set(e.id, ids[i]));
    for (const h of history) {
      let id: number;
      if (h.id === null) id = await reserveId(trx);
      else if (remapped.has(h.id)) id = remapped.get(h.id)!;
      else if (!taken.has(h.id)) id = h.id;
      else remapped.set(h.id, (id = await reserveId(trx)));
      const now = Date.now();
      await trx
        .insertInto('history')
        .values({
          block_id: id,
          task: h.task,
          result: h.result,
          insight: h.insight,
          next_step: h.nextStep,
          priority: h.priority,
          tags: encodeTags(h.tags),
          name: h.name,
          command: h.command ? JSON.stringify(h.command) : null,
          outcome: h.outcome,
          exit_code: h.exitCode,
          duration_ms: h.durationMs,
          attempts: h.attempts,
          last_error: h.lastError,
          created_at: h.createdAt ?? now,
          started_at: h.startedAt,
          finished_at: h.finishedAt ?? h.createdAt ?? now,
          import_key: h.importKey,
        })
        .execute();
    }
    return { queued: queued.length, history: history.length, skipped: file.entries.length - fresh.length, remapped: [...remapped] };
  });
  // A big import is a bulk add: claims need the new rows in the planner's statistics (see planner-stats.ts).
  if (isPostgres(db)) await refreshPlannerStats(db, result.queued);
  return result;
}
