/** The block rules for code that checks a NewBlock it built itself (edit, schedules): the block schema's (schema/). */
import { checkNewBlock } from '../schema/block.js';
import { LIMITS, PRIORITY_WORDS, priority, tag } from '../schema/rules.js';
import type { NewBlock } from './types.js';

export const MAX_TASK_CHARS = LIMITS.task;
export const MAX_FIELD_CHARS = LIMITS.text;
export { PRIORITY_WORDS };

export function parsePriority(value: unknown): number {
  return priority(value);
}

export function validateTag(value: string): string {
  return tag(value, 'tag');
}

/** Throws a UsageError naming the first problem; `where` locates it (e.g. "line 3"). */
export function validateNewBlock(block: NewBlock, where = ''): void {
  // Only a block's own fields: callers pass whole WorkBlocks too (edit), with ids and state.
  const b = block as NewBlock & Record<string, unknown>;
  const own: NewBlock = { task: b.task };
  for (const k of ['result', 'insight', 'nextStep', 'priority', 'tags', 'name', 'key', 'command', 'cwd', 'env', 'timeoutMs', 'maxRetries', 'retryDelayMs', 'after', 'check'] as const) {
    if (b[k] !== undefined) (own as unknown as Record<string, unknown>)[k] = b[k];
  }
  checkNewBlock(own, { cwd: process.cwd() }, where.replace(/: $/, ''));
}
