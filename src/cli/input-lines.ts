/** Turns piped input into blocks: one task per line, or NDJSON objects; a bad line names its number. */
import { UsageError } from '../errors.js';
import type { NewBlock } from '../queue/types.js';

const FIELDS = new Set(['task', 'result', 'insight', 'next_step', 'nextStep', 'priority', 'tags', 'tag', 'name', 'key', 'cmd', 'command', 'cwd', 'env', 'after', 'retries', 'timeout_ms', 'status', 'added', 'completed']);

export interface InputLine {
  block: NewBlock;
  line: number;
}

export function parseInputLines(text: string): InputLine[] {
  const out: InputLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trim()) continue;
    const line = i + 1;
    out.push({ block: raw.trimStart().startsWith('{') ? objectLine(raw, line) : { task: raw.trim() }, line });
  }
  return out;
}

function objectLine(raw: string, line: number): NewBlock {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`line ${line}: malformed JSON (${(e as Error).message}): fix the line or pass plain text`);
  }
  return objectToBlock(value, `line ${line}: `);
}

/** Shared by NDJSON input and JSON import: checks field names and types, maps snake_case. */
export function objectToBlock(value: unknown, where: string): NewBlock {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where}expected an object with a "task" field`);
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !FIELDS.has(k));
  if (unknown) throw new UsageError(`${where}unknown field "${unknown}": use task, result, insight, next_step, priority, tags, name, key, cmd, cwd, env, after, retries`);
  const str = (k: string) => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new UsageError(`${where}field "${k}" must be a string`);
    return v;
  };
  const list = (k: string) => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    const arr = Array.isArray(v) ? v : [v];
    if (arr.some((x) => typeof x !== 'string' && typeof x !== 'number')) throw new UsageError(`${where}field "${k}" must be a list of strings`);
    return arr.map(String);
  };
  const cmd = str('cmd') ?? str('command');
  const env = o.env;
  if (env !== undefined && (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string'))) {
    throw new UsageError(`${where}field "env" must be an object of strings`);
  }
  if (typeof o.task !== 'string') throw new UsageError(`${where}missing "task": every object needs a task string`);
  return {
    task: o.task,
    result: str('result'),
    insight: str('insight'),
    nextStep: str('next_step') ?? str('nextStep'),
    priority: o.priority as number | undefined,
    tags: list('tags') ?? list('tag'),
    name: str('name') ?? null,
    key: str('key') ?? null,
    command: cmd ? { shell: cmd } : null,
    cwd: str('cwd') ?? null,
    env: env as Record<string, string> | undefined,
    after: list('after'),
    maxRetries: o.retries === undefined ? undefined : Number(o.retries),
    timeoutMs: o.timeout_ms === undefined ? null : Number(o.timeout_ms),
  };
}
