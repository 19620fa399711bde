/**
 * Changing a queued block that is not running (`workblock edit`): its fields, command, priority, tags,
 * timeout, retries and dependencies, checked like a new block, in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withImmediateTransaction } from '../db/transaction.js';
import { UsageError } from '../errors.js';
import { resolveDependency } from './add.js';
import { blockDependents } from '../store/settle.js';
import { findCycle } from './graph.js';
import { getBlock } from './list.js';
import { encodeTags } from './rows.js';
import type { Command, WorkBlock } from './types.js';
import { parsePriority, validateNewBlock } from './validate.js';

/** Only what is given changes; `after` replaces every dependency. */
export interface BlockEdit {
  task?: string;
  result?: string;
  insight?: string;
  nextStep?: string;
  name?: string | null;
  command?: Command | null;
  priority?: number | string;
  tags?: string[];
  timeoutMs?: number | null;
  maxRetries?: number;
  retryDelayMs?: number;
  after?: string[];
}

export async function editBlock(db: Kysely<Database>, ref: string, edit: BlockEdit): Promise<WorkBlock> {
  if (!Object.values(edit).some((v) => v !== undefined)) throw new UsageError('nothing to change: give at least one option, e.g. --priority high (see `workblock edit --help`)');
  return withImmediateTransaction(db, async (trx) => {
    const block = await getBlock(trx, ref);
    if (block.status === 'running') throw new UsageError(`block #${block.id} is running: edit it after it finishes, or stop it first with \`workblock kill ${block.id}\``);
    const next = { ...block, ...Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined)) } as WorkBlock;
    // The block's fields as an add would give them, so the edit meets the same rules as a new block.
    const { task, result, insight, nextStep, priority, tags, name, command, cwd, env, timeoutMs, maxRetries, retryDelayMs } = next;
    validateNewBlock({ task, result, insight, nextStep, priority, tags, name, command, cwd, env, timeoutMs, maxRetries, retryDelayMs });
    if (edit.timeoutMs && !next.command) throw new UsageError('--timeout applies to commands: give the block a --cmd too');
    if (edit.name && edit.name !== block.name && (await trx.selectFrom('blocks').select('id').where('name', '=', edit.name).executeTakeFirst())) {
      throw new UsageError(`duplicate name "${edit.name}": a queued block already has it; pick another --name`);
    }
    await trx
      .updateTable('blocks')
      .set({
        task: next.task,
        result: next.result,
        insight: next.insight,
        next_step: next.nextStep,
        name: next.name,
        command: next.command ? JSON.stringify(next.command) : null,
        cwd: next.command ? (block.cwd ?? process.cwd()) : null,
        priority: parsePriority(next.priority),
        tags: encodeTags(next.tags),
        timeout_ms: next.command ? next.timeoutMs : null,
        max_retries: next.maxRetries,
        retry_delay_ms: next.retryDelayMs,
        // A retry's not-before time and kept outcome belong to the old command.
        ...(edit.command !== undefined ? { outcome: null, run_at: 0 } : {}),
      })
      .where('id', '=', block.id)
      .execute();
    if (edit.after) await replaceDependencies(trx, block, edit.after);
    return getBlock(trx, String(block.id));
  });
}

async function replaceDependencies(trx: Kysely<Database>, block: WorkBlock, refs: string[]): Promise<void> {
  const targets: number[] = [];
  for (const ref of refs) {
    const id = await resolveDependency(trx, ref, new Map(), [], '');
    if (id === block.id) throw new UsageError(`dependency cycle: #${block.id} depends on itself`);
    if (id !== null && !targets.includes(id)) targets.push(id);
  }
  await trx.deleteFrom('block_deps').where('block_id', '=', block.id).execute();
  if (targets.length) await trx.insertInto('block_deps').values(targets.map((t) => ({ block_id: block.id, depends_on_id: t }))).execute();
  const edges = await trx.selectFrom('block_deps').select(['block_id', 'depends_on_id']).execute();
  const graph = new Map<string, string[]>();
  for (const e of edges) graph.set(String(e.block_id), [...(graph.get(String(e.block_id)) ?? []), String(e.depends_on_id)]);
  const cycle = findCycle([...graph].map(([key, deps]) => ({ key, deps })));
  if (cycle) throw new UsageError(`dependency cycle: #${cycle.join(' -> #')}; remove one of these dependencies`);
  // Waiting on a failure blocks it; a blocked block whose failed dependency is gone waits again.
  const bad = targets.length ? await trx.selectFrom('blocks').select('id').where('id', 'in', targets).where('status', 'in', ['failed', 'blocked']).executeTakeFirst() : undefined;
  if (bad && block.status !== 'failed') {
    await trx.updateTable('blocks').set({ status: 'blocked', last_error: `dependency #${bad.id} failed` }).where('id', '=', block.id).execute();
    await blockDependents(trx, block);
  }
  else if (block.status === 'blocked') await trx.updateTable('blocks').set({ status: 'pending', last_error: null }).where('id', '=', block.id).execute();
}
