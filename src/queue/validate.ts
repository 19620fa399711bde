/** Input rules for new blocks: checked before anything touches the database. */
import { UsageError } from '../errors.js';
import type { NewBlock } from './types.js';

/** Documented limits: a task is a title, not a document. */
export const MAX_TASK_CHARS = 1000;
export const MAX_FIELD_CHARS = 65_536;
const TAG_PATTERN = /^[A-Za-z0-9_.:\/-]{1,64}$/;
const NAME_PATTERN = /^[A-Za-z0-9_.:\/-]{1,128}$/;

export const PRIORITY_WORDS: Record<string, number> = { high: 10, normal: 0, low: -10 };

export function parsePriority(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return checkPriorityRange(value);
  const text = String(value ?? '').trim().toLowerCase();
  if (text in PRIORITY_WORDS) return PRIORITY_WORDS[text];
  if (/^[-+]?\d+$/.test(text)) return checkPriorityRange(Number(text));
  throw new UsageError(`bad priority "${String(value)}": use an integer or high, normal, low`);
}

function checkPriorityRange(n: number): number {
  if (Math.abs(n) > 1_000_000) throw new UsageError(`priority ${n} is out of range: use -1000000..1000000`);
  return n;
}

function checkText(label: string, value: string | undefined, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new UsageError(`${label} must be text`);
  if (value.includes('\0')) throw new UsageError(`${label} contains a NUL byte: remove it`);
  if (value.length > max) throw new UsageError(`${label} is ${value.length} characters, over the limit of ${max}: shorten it`);
}

export function validateTag(tag: string): string {
  if (!TAG_PATTERN.test(tag)) throw new UsageError(`bad tag "${tag}": use letters, digits and _ . : / - (no commas or spaces)`);
  return tag;
}

/** Throws a UsageError naming the first problem; `where` prefixes it (e.g. "line 3: "). */
export function validateNewBlock(block: NewBlock, where = ''): void {
  try {
    if (typeof block.task !== 'string' || block.task.trim() === '') throw new UsageError('task is empty: give the block a title');
    checkText('task', block.task, MAX_TASK_CHARS);
    checkText('result', block.result, MAX_FIELD_CHARS);
    checkText('insight', block.insight, MAX_FIELD_CHARS);
    checkText('next_step', block.nextStep, MAX_FIELD_CHARS);
    if (block.name != null && !NAME_PATTERN.test(block.name)) {
      throw new UsageError(`bad name "${block.name}": use letters, digits and _ . : / - (max 128)`);
    }
    if (block.name != null && /^\d+$/.test(block.name)) throw new UsageError(`bad name "${block.name}": a name cannot be all digits (it would look like an id)`);
    checkText('key', block.key ?? undefined, 256);
    block.tags?.forEach(validateTag);
    if (block.command && 'shell' in block.command) {
      if (!block.command.shell.trim()) throw new UsageError('command is empty: give --cmd a command');
      checkText('command', block.command.shell, MAX_FIELD_CHARS);
    }
    if (block.command && 'argv' in block.command && block.command.argv.length === 0) throw new UsageError('command is empty: give --cmd a program');
    if (block.priority !== undefined) parsePriority(block.priority);
  } catch (e) {
    if (e instanceof UsageError && where) throw new UsageError(`${where}${e.message}`);
    throw e;
  }
}
