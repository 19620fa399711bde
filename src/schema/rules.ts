/** The value rules of a block's fields, one function per field, shared by every input path. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../queue/types.js';
import { fail, shown } from './errors.js';

/** Documented limits: a task is a title, not a document. */
export const LIMITS = {
  task: 1000,
  text: 65_536,
  key: 256,
  tag: 64,
  name: 128,
  tags: 100,
  env: 100,
  envValue: 32_768,
  priority: 1_000_000,
  retries: 100,
  argv: 1000,
} as const;

export const TAG_PATTERN = '^[A-Za-z0-9_.:/-]{1,64}$';
export const NAME_PATTERN = '^[A-Za-z0-9_.:/-]{1,128}$';
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
const TAG = new RegExp(TAG_PATTERN);
const NAME = new RegExp(NAME_PATTERN);
const ENV_NAME = new RegExp(ENV_NAME_PATTERN);

export const PRIORITY_WORDS: Record<string, number> = { high: 10, normal: 0, low: -10 };

export function text(value: unknown, field: string, max: number = LIMITS.text): string {
  if (typeof value !== 'string') fail(field, `${shown(value)} is not text`, 'give a string');
  if (value.includes('\0')) fail(field, 'contains a NUL byte', 'remove it');
  if (value.length > max) fail(field, `is ${value.length} characters, over the limit of ${max}`, 'shorten it');
  return value;
}

export function task(value: unknown, field = 'task'): string {
  if (value === undefined || value === null) fail(field, 'is missing', 'every block needs a task (its title)');
  const t = text(value, field, LIMITS.task);
  if (!t.trim()) fail(field, 'is empty', 'give the block a title');
  return t;
}

export function priority(value: unknown, field = 'priority'): number {
  let n: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word in PRIORITY_WORDS) return PRIORITY_WORDS[word];
    if (/^[-+]?\d+$/.test(word)) n = Number(word);
  }
  if (n === undefined) fail(field, `${shown(value)} is not a priority`, 'use an integer or high, normal, low');
  if (Math.abs(n) > LIMITS.priority) fail(field, `${n} is out of range`, `use -${LIMITS.priority} to ${LIMITS.priority}`);
  return n;
}

export function tag(value: unknown, field = 'tags'): string {
  if (typeof value !== 'string' || !TAG.test(value)) fail(field, `bad tag ${shown(value)}`, 'use 1-64 letters, digits and _ . : / - (no commas or spaces)');
  return value;
}

/** A list, or one value where a list is expected (`"tags": "docs"`). */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

export function tags(value: unknown, field = 'tags'): string[] {
  const list = listOf(value).map((t) => tag(t, field));
  if (list.length > LIMITS.tags) fail(field, `${list.length} tags`, `use at most ${LIMITS.tags}`);
  return [...new Set(list)];
}

export function name(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || !NAME.test(value)) fail(field, `bad name ${shown(value)}`, 'use 1-128 letters, digits and _ . : / -');
  if (/^\d+$/.test(value)) fail(field, `bad name ${shown(value)}`, 'a name cannot be all digits (it would look like an id)');
  return value;
}

export function key(value: unknown, field = 'key'): string {
  const k = text(value, field, LIMITS.key);
  if (!k) fail(field, 'is empty', 'give a key or leave it out');
  return k;
}

/** A string is a shell command; a list is an argv run without a shell. */
export function command(value: unknown, field = 'command'): Command {
  if (typeof value === 'string') {
    const shell = text(value, field);
    if (!shell.trim()) fail(field, 'is empty', 'give the shell command to run');
    return { shell };
  }
  if (Array.isArray(value)) {
    if (!value.length) fail(field, 'is an empty list', 'give the program and its arguments, e.g. ["make", "test"]');
    if (value.length > LIMITS.argv) fail(field, `has ${value.length} arguments`, `use at most ${LIMITS.argv}`);
    const argv = value.map((a, i) => text(a, `${field}[${i}]`));
    if (!argv[0]) fail(`${field}[0]`, 'is empty', 'give the program to run');
    return { argv };
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'shell') return command(o.shell, field);
    if (keys.length === 1 && keys[0] === 'argv' && Array.isArray(o.argv)) return command(o.argv, field);
  }
  return fail(field, `${shown(value)} is not a command`, 'use a string for a shell command or a list ["prog", "arg"] for no shell');
}

/** A shell command given as text only (a pre-flight `check`). */
export function shellText(value: unknown, field = 'check'): string {
  const t = text(value, field);
  if (!t.trim()) fail(field, 'is empty', 'give a shell command, e.g. "curl -fs http://localhost:8080/health"');
  return t;
}

export function envName(value: string, field = 'env'): string {
  if (!ENV_NAME.test(value)) fail(field, `bad variable name ${shown(value)}`, 'use letters, digits and _, not starting with a digit');
  return value;
}

export function env(value: unknown, field = 'env'): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(field, `${shown(value)} is not an object`, 'use { "NAME": "value" }');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > LIMITS.env) fail(field, `${entries.length} variables`, `use at most ${LIMITS.env}`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) out[envName(k, field)] = text(v, `${field}.${k}`, LIMITS.envValue);
  return out;
}

/** `NAME=VALUE` from a flag. */
export function envPairs(pairs: unknown[], field = '--env'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const s = String(pair);
    const eq = s.indexOf('=');
    if (eq <= 0) fail(field, `${shown(s.split('=')[0])} has no value`, 'use NAME=VALUE');
    out[envName(s.slice(0, eq), field)] = s.slice(eq + 1);
  }
  return env(out, field);
}

/** Dependencies by id (a whole number) or name; each listed once. */
export function after(value: unknown, field = 'after'): Array<number | string> {
  const refs = listOf(value).map((ref) => {
    if (typeof ref === 'number' && Number.isInteger(ref) && ref > 0) return ref;
    if (typeof ref === 'string' && /^\d+$/.test(ref.trim()) && Number(ref) > 0) return Number(ref);
    if (typeof ref === 'string' && ref.trim()) return name(ref.trim(), field);
    return fail(field, `${shown(ref)} is not a block id or name`, 'use an id like 12 or a name');
  });
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(String(r))) fail(field, `${shown(String(r))} is listed twice`, 'list each dependency once');
    seen.add(String(r));
  }
  return refs;
}

export function retries(value: unknown, field = 'retries'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMITS.retries) {
    fail(field, `${shown(value)} is not a retry count`, `use a whole number from 0 to ${LIMITS.retries}`);
  }
  return value;
}

/** Resolved against the caller's directory and checked now, not when the command runs. */
export function cwd(value: unknown, base: string, field = 'cwd'): string {
  const dir = path.resolve(base, text(value, field, 4096));
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) fail(field, `${shown(dir)} does not exist`, 'create it or give an existing directory');
  if (!stat.isDirectory()) fail(field, `${shown(dir)} is not a directory`, 'give a directory');
  return dir;
}

/** An ISO-8601 time or epoch milliseconds. */
export function time(value: unknown, field: string): number {
  const ms = typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || ms < 0) fail(field, `${shown(value)} is not a time`, 'use ISO-8601 like 2026-01-31T12:00:00.000Z');
  return ms;
}

export function count(value: unknown, field: string, max = 1_000_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) fail(field, `${shown(value)} is not a count`, `use a whole number from 0 to ${max}`);
  return value;
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, `${shown(value)} is not true or false`, 'use true or false');
  return value;
}
