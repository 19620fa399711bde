/**
 * Flags as a block object: `add`'s options become the same snake_case object an `add -` line is,
 * read by the same rules (schema/block.ts). Errors name the flag (`--timeout: ...`).
 */
import type { NewBlock } from '../queue/types.js';
import { isObject, parseBlockFields, readKeys, type ParseContext } from './block.js';
import { fail, SchemaError } from './errors.js';
import { envPairs } from './rules.js';

export interface BlockArgs {
  priority?: string;
  tag?: string[];
  name?: string;
  key?: string;
  cmd?: string;
  cwd?: string;
  env?: string[];
  after?: string[];
  retries?: number | string;
  'retry-delay'?: string;
  timeout?: string;
  /** not-before flags, read by format/when.ts */
  at?: string;
  in?: string;
  '--'?: Array<string | number>;
}

const FLAG_OF: Record<string, string> = {
  command: '--cmd',
  tags: '--tag',
  retry_delay: '--retry-delay',
  task: 'task',
  result: 'result',
  insight: 'insight',
  next_step: 'next_step',
};
/** The block keys flags can set. */
const FLAG_KEYS = ['task', 'result', 'insight', 'next_step', 'priority', 'tags', 'name', 'key', 'command', 'cwd', 'env', 'after', 'retries', 'retry_delay', 'timeout'];
export const flagLabel = (key: string): string => FLAG_OF[key] ?? `--${key}`;

export function flagCommand(args: BlockArgs): string | string[] | undefined {
  const rest = (args['--'] ?? []).map(String);
  if (args.cmd === undefined) {
    if (rest.length) fail('--cmd', 'arguments after -- need --cmd', 'use `--cmd -- prog args`');
    return undefined;
  }
  if (!rest.length) return args.cmd;
  if (args.cmd !== '') fail('--cmd', 'given both a shell command and arguments after --', 'give either --cmd "shell command" or --cmd -- prog args');
  return rest;
}

/** The flags as a snake_case block object (only the ones given). */
export function flagsObject(args: BlockArgs, fields: Record<string, string | undefined> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ...fields,
    priority: args.priority,
    tags: args.tag?.map(String),
    name: args.name,
    key: args.key,
    command: flagCommand(args),
    cwd: args.cwd,
    env: args.env === undefined ? undefined : envPairs(args.env),
    after: args.after?.map(String),
    // A whole number as text is a number; anything else stays text, for the error to quote.
    retries: typeof args.retries === 'string' && /^\s*\d+\s*$/.test(args.retries) ? Number(args.retries) : args.retries,
    retry_delay: args['retry-delay'],
    timeout: args.timeout,
  };
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** A refusal the database made (`after: unknown dependency ...`) names the flag the value came from. */
export function asFlagError(e: unknown): never {
  throw e instanceof SchemaError && !e.where ? new SchemaError(flagLabel(e.field), e.problem, e.fix) : e;
}

export function blockFromFlags(args: BlockArgs, fields: { task: string; result?: string; insight?: string; next_step?: string }, cwd = process.cwd()): NewBlock {
  const ctx: ParseContext = { cwd, label: flagLabel };
  return parseBlockFields(readKeys(flagsObject(args, fields), FLAG_KEYS, flagLabel), ctx);
}

/** Keys that only make sense with a command: a default from a flag applies only to lines that have one. */
const COMMAND_DEFAULTS = ['cwd', 'env', 'timeout'];

/**
 * `add - --tag x --cwd dir`: the flags are defaults for every line that does not set the field
 * itself. They are checked once here (a bad flag fails even with no input).
 */
export function lineDefaults(args: BlockArgs, cwd: string): (line: Record<string, unknown>) => Record<string, unknown> {
  const defaults = flagsObject(args);
  // Checked as if for a command, so that `--cwd /nonexistent` fails before any line is read.
  parseBlockFields(readKeys({ task: 'x', command: 'true', ...defaults }, FLAG_KEYS, flagLabel), { cwd, label: flagLabel });
  if (defaults.name !== undefined) fail('--name', 'cannot apply to every line', 'give names in the NDJSON lines');
  if (defaults.key !== undefined) fail('--key', 'cannot apply to every line', 'give keys in the NDJSON lines');
  if (!Object.keys(defaults).length) return (line) => line;
  return (line) => {
    if (!isObject(line)) return line;
    const merged: Record<string, unknown> = { ...line };
    const has = (k: string) => merged[k] !== undefined || (k === 'tags' && merged.tag !== undefined) || (k === 'command' && merged.cmd !== undefined);
    const hasCommand = has('command');
    for (const [k, v] of Object.entries(defaults)) {
      if (has(k) || (COMMAND_DEFAULTS.includes(k) && !hasCommand)) continue;
      if (k === 'timeout' && merged.timeout_ms !== undefined) continue;
      if (k === 'retry_delay' && merged.retry_delay_ms !== undefined) continue;
      merged[k] = v;
    }
    return merged;
  };
}

/**
 * A value that starts with "-" after a flag that takes one (`--timeout -5s`, `--priority -10`) is
 * joined to it (`--timeout=-5s`), so that our own range check answers instead of yargs reading it
 * as short options ("Unknown arguments: 5, s").
 */
export function joinDashValues(argv: string[], valueFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return out.concat(argv.slice(i));
    const next = argv[i + 1];
    if (valueFlags.includes(a) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
