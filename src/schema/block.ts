/**
 * THE block contract: one reader turns a block object (snake_case keys, the JSON vocabulary) into the
 * typed NewBlock, with the same rules for flags, `add -` lines, import files, batch files and the
 * library. Unknown keys are an error, never dropped.
 */
import type { NewBlock } from '../queue/types.js';
import { parseDuration, parseMsField } from './duration.js';
import { fail, located, shown } from './errors.js';
import * as rule from './rules.js';

/** Every key a block object may carry, with what it means (also the JSON Schema's descriptions). */
export const BLOCK_KEYS = {
  task: 'what to do: the block title (required, at most 1,000 characters)',
  result: 'text for the diary (at most 64 KiB)',
  insight: 'text for the diary (at most 64 KiB)',
  next_step: 'text for the diary (at most 64 KiB)',
  priority: 'integer -1000000..1000000 or high (10) / normal (0) / low (-10); higher runs first',
  tags: 'list of tags (letters, digits and _ . : / -); "tag" is accepted too',
  name: 'unique name other blocks can depend on (not all digits)',
  key: 'idempotency key: adding the same key again adds nothing',
  command: 'a string runs under /bin/sh -c; a list ["prog", "arg"] runs without a shell; "cmd" is accepted too',
  cwd: "the command's directory, resolved against the caller's directory when added; must exist",
  env: 'variables added to the command environment: { "NAME": "value" }',
  after: 'ids or names of blocks this one waits for',
  retries: 'retries after a failure, 0..100',
  retry_delay: 'first retry delay, doubled each time: "10s", or a number of seconds (0s..30d)',
  retry_delay_ms: 'the same in integer milliseconds',
  timeout: 'kill the command after this long: "5m", or a number of seconds (1ms..30d)',
  timeout_ms: 'the same in integer milliseconds',
  check: 'a pre-flight shell command that must exit 0 before the command starts (retried with the block)',
} as const;

export type BlockKey = keyof typeof BLOCK_KEYS;
const ALIASES: Record<string, BlockKey> = { tag: 'tags', cmd: 'command' };
/** Only meaningful for a command: refused on a block without one. */
const COMMAND_ONLY: BlockKey[] = ['cwd', 'env', 'timeout', 'timeout_ms', 'check'];

export interface ParseContext {
  /** relative `cwd` values and commands without one resolve against this (the caller's directory) */
  cwd: string;
  /** how a field is named in errors: `timeout` in JSON, `--timeout` for flags */
  label?: (key: string) => string;
  /** directories already checked in this input (100,000 lines in one directory stat it once) */
  checkedDirs?: Map<string, string>;
}

/** Reads one object's keys, failing on an unknown key; `extra` lists keys the caller handles itself. */
export function readKeys(o: Record<string, unknown>, allowed: readonly string[], label: (k: string) => string): Partial<Record<BlockKey, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const canonical = ALIASES[k] ?? k;
    if (!allowed.includes(canonical)) fail(label(k), 'unknown field', `use ${allowed.join(', ')}`);
    if (v === undefined || v === null) continue;
    if (canonical in out) fail(label(k), `given twice (as ${shown(k)} and its alias)`, 'give it once');
    out[canonical] = v;
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Parses a block object whose keys were already read with readKeys. */
export function parseBlockFields(f: Partial<Record<BlockKey, unknown>>, ctx: ParseContext): NewBlock {
  const label = ctx.label ?? ((k: string) => k);
  // An empty env is no env (an export writes `"env": {}` for every block).
  if (isObject(f.env) && !Object.keys(f.env).length) f = { ...f, env: undefined };
  const opt = <T>(k: BlockKey, parse: (v: unknown, field: string) => T): T | undefined => (f[k] === undefined ? undefined : parse(f[k], label(k)));
  const command = opt('command', rule.command) ?? null;
  if (!command) for (const k of COMMAND_ONLY) if (f[k] !== undefined) fail(label(k), 'applies to commands only', `add ${label('command')} or drop ${label(k)}`);
  if (f.timeout !== undefined && f.timeout_ms !== undefined) fail(label('timeout_ms'), 'given with timeout', 'give one of them');
  if (f.retry_delay !== undefined && f.retry_delay_ms !== undefined) fail(label('retry_delay_ms'), 'given with retry_delay', 'give one of them');
  const timeoutMs = opt('timeout', (v, l) => parseDuration(v, l, 'timeout')) ?? opt('timeout_ms', (v, l) => parseMsField(v, l, 'timeout'));
  const retryDelayMs = opt('retry_delay', (v, l) => parseDuration(v, l, 'retry_delay')) ?? opt('retry_delay_ms', (v, l) => parseMsField(v, l, 'retry_delay'));
  return {
    task: rule.task(f.task, label('task')),
    result: opt('result', (v, l) => rule.text(v, l)),
    insight: opt('insight', (v, l) => rule.text(v, l)),
    nextStep: opt('next_step', (v, l) => rule.text(v, l)),
    priority: opt('priority', rule.priority),
    tags: opt('tags', rule.tags),
    name: opt('name', rule.name) ?? null,
    key: opt('key', rule.key) ?? null,
    command,
    cwd: command ? checkedCwd(f.cwd ?? '.', ctx, label('cwd')) : null,
    env: opt('env', rule.env),
    timeoutMs,
    maxRetries: opt('retries', rule.retries),
    retryDelayMs,
    after: opt('after', rule.after),
    ...(f.check === undefined ? {} : { check: opt('check', rule.shellText) }),
  };
}

function checkedCwd(value: unknown, ctx: ParseContext, field: string): string {
  const memo = ctx.checkedDirs;
  const cacheKey = typeof value === 'string' ? value : '';
  const hit = memo?.get(cacheKey);
  if (hit) return hit;
  const dir = rule.cwd(value, ctx.cwd, field);
  memo?.set(cacheKey, dir);
  return dir;
}

const BLOCK_KEY_LIST = Object.keys(BLOCK_KEYS);

/** One block object (an `add -` line, a library call's fields): all of BLOCK_KEYS and nothing else. */
export function parseBlockObject(value: unknown, ctx: ParseContext, where = ''): NewBlock {
  return located(where, () => {
    if (!isObject(value)) fail('', `${shown(value)} is not an object`, 'give an object with a "task" field');
    return parseBlockFields(readKeys(value, BLOCK_KEY_LIST, ctx.label ?? ((k) => k)), ctx);
  });
}

/**
 * The library's typed NewBlock, checked by the same rules: mapped to the JSON vocabulary and read
 * back. Dependencies by position (batch files) pass through, checked by the add itself.
 */
export function checkNewBlock(b: NewBlock, ctx: ParseContext, where = ''): NewBlock {
  if (!isObject(b)) return located(where, () => fail('', `${shown(b)} is not a block`, 'give an object with a task'));
  const known = new Set(['task', 'result', 'insight', 'nextStep', 'priority', 'tags', 'name', 'key', 'command', 'cwd', 'env', 'timeoutMs', 'maxRetries', 'retryDelayMs', 'after', 'afterIndex', 'batch', 'runName', 'runAt', 'check']);
  const unknown = Object.keys(b).find((k) => !known.has(k));
  if (unknown) located(where, () => fail(unknown, 'unknown field', `use ${[...known].join(', ')}`));
  const parsed = parseBlockObject(
    {
      task: b.task,
      result: b.result,
      insight: b.insight,
      next_step: b.nextStep,
      priority: b.priority,
      tags: b.tags,
      name: b.name,
      key: b.key,
      command: b.command,
      cwd: b.command ? b.cwd : b.cwd || undefined,
      env: b.env && Object.keys(b.env).length ? b.env : undefined,
      timeout_ms: b.timeoutMs ?? undefined,
      retries: b.maxRetries,
      retry_delay_ms: b.retryDelayMs,
      after: b.after && b.after.length ? b.after : undefined,
      check: b.check ?? undefined,
    },
    { ...ctx, label: libraryLabel },
    where,
  );
  const extra: Partial<NewBlock> = { afterIndex: b.afterIndex, batch: b.batch ?? null };
  // null is "no timeout" (a batch command without one), undefined is "unsaid" (config defaults apply).
  if (parsed.timeoutMs === undefined && b.timeoutMs === null) extra.timeoutMs = null;
  if (b.runName != null) extra.runName = located(where, () => rule.name(b.runName, 'runName'));
  if (b.runAt !== undefined) extra.runAt = located(where, () => rule.time(b.runAt, 'runAt'));
  return { ...parsed, ...extra };
}

const LIBRARY_NAMES: Record<string, string> = { next_step: 'nextStep', timeout_ms: 'timeoutMs', retries: 'maxRetries', retry_delay_ms: 'retryDelayMs' };
function libraryLabel(k: string): string {
  return LIBRARY_NAMES[k] ?? k;
}
