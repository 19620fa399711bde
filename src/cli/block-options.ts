/** The options that describe a block (shared by `add` and its fast path); the block schema reads them (schema/flags.ts). */
import { parseRunAt } from '../format/when.js';
import type { Command, NewBlock } from '../queue/types.js';
import { blockFromFlags, flagCommand, type BlockArgs } from '../schema/flags.js';
import { parseDuration } from '../schema/duration.js';
import { envPairs, retries } from '../schema/rules.js';

export type { BlockArgs } from '../schema/flags.js';

export const blockOptions = {
  priority: { alias: 'p', type: 'string', describe: 'integer, or high (10) / normal (0) / low (-10); higher runs first' },
  tag: { alias: 't', type: 'string', array: true, describe: 'tag (repeatable)' },
  name: { type: 'string', describe: 'unique name other blocks can depend on' },
  key: { type: 'string', describe: 'idempotency key: re-adding the same key prints the existing id' },
  cmd: { type: 'string', describe: 'shell command to run (or `--cmd -- prog args` for an argv without a shell)' },
  cwd: { type: 'string', describe: 'working directory for the command (default: current; must exist)' },
  env: { type: 'string', array: true, describe: 'K=V added to the command environment (repeatable)' },
  after: { type: 'string', array: true, describe: 'id or name this block waits for (repeatable)' },
  retries: { type: 'string', describe: 'retries after a failure, 0-100 (default 0)' },
  'retry-delay': { type: 'string', describe: 'first retry delay, doubled each time, 0s-30d (default 1s)' },
  timeout: { type: 'string', describe: 'kill the command after this long, 1ms-30d, e.g. 30s' },
  at: { type: 'string', describe: 'not before this time: "2026-12-01 09:00" (local) or ISO 8601' },
  in: { type: 'string', describe: 'not before this long from now, e.g. 2h' },
} as const;

/** Flags whose value may start with "-" (`--priority -10`, `--timeout -5s`: checked by the schema). */
export const VALUE_FLAGS = ['--priority', '-p', '--timeout', '--retry-delay', '--retries'] as const;

export function toNewBlock(args: BlockArgs, fields: { task: string; result?: string; insight?: string; next_step?: string }, cwd = process.cwd()): NewBlock {
  const block = blockFromFlags(args, fields, cwd);
  const runAt = parseRunAt(args.at, args.in);
  return runAt === undefined ? block : { ...block, runAt };
}

/** The pieces `edit` and `add --template` check one flag at a time, by the same rules. */
export function parseEnvPairs(pairs: string[] = []): Record<string, string> {
  return envPairs(pairs);
}
export function parseCommand(args: BlockArgs): Command | null {
  const c = flagCommand(args);
  return c === undefined ? null : Array.isArray(c) ? { argv: c } : { shell: c };
}
export function parseRetries(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return retries(typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value, '--retries');
}
/** A --timeout value: 1 ms to 30 days. */
export function parseTimeout(text: string, flag = '--timeout'): number {
  return parseDuration(text, flag, 'timeout');
}
