/** The options that describe a block (shared by `add` and its fast path) and turning them into a NewBlock. */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { parseRunAt } from '../format/when.js';
import type { Command, NewBlock } from '../queue/types.js';
import { parsePriority } from '../queue/validate.js';

export const blockOptions = {
  priority: { alias: 'p', type: 'string', describe: 'integer, or high (10) / normal (0) / low (-10)' },
  tag: { alias: 't', type: 'string', array: true, describe: 'tag (repeatable)' },
  name: { type: 'string', describe: 'unique name other blocks can depend on' },
  key: { type: 'string', describe: 'idempotency key: re-adding the same key prints the existing id' },
  cmd: { type: 'string', describe: 'shell command to run (or `--cmd -- prog args` for an argv without a shell)' },
  cwd: { type: 'string', describe: 'working directory for the command (default: current)' },
  env: { type: 'string', array: true, describe: 'K=V added to the command environment (repeatable)' },
  after: { type: 'string', array: true, describe: 'id or name this block waits for (repeatable)' },
  retries: { type: 'number', describe: 'retries after a failure (default 0)' },
  'retry-delay': { type: 'string', describe: 'first retry delay, doubled each time (default 1s)' },
  timeout: { type: 'string', describe: 'kill the command after this long, e.g. 30s' },
  at: { type: 'string', describe: 'not before this time: "2026-12-01 09:00" (local) or ISO 8601' },
  in: { type: 'string', describe: 'not before this long from now, e.g. 2h' },
} as const;

export interface BlockArgs {
  priority?: string;
  tag?: string[];
  name?: string;
  key?: string;
  cmd?: string;
  cwd?: string;
  env?: string[];
  after?: string[];
  retries?: number;
  'retry-delay'?: string;
  timeout?: string;
  at?: string;
  in?: string;
  '--'?: Array<string | number>;
}

export function parseEnvPairs(pairs: string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.slice(0, eq))) throw new UsageError(`bad --env "${pair.split('=')[0]}": use NAME=VALUE with a shell-style name`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

export function parseCommand(args: BlockArgs): Command | null {
  const rest = (args['--'] ?? []).map(String);
  if (args.cmd === undefined) {
    if (rest.length) throw new UsageError('arguments after -- need --cmd: use `--cmd -- prog args`');
    return null;
  }
  if (rest.length) {
    if (args.cmd !== '') throw new UsageError('give either --cmd "shell command" or --cmd -- prog args, not both');
    return { argv: rest };
  }
  return { shell: args.cmd };
}

export function parseRetries(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 100) throw new UsageError(`bad --retries "${value}": use a whole number from 0 to 100`);
  return value;
}

export function toNewBlock(args: BlockArgs, fields: { task: string; result?: string; insight?: string; nextStep?: string }, cwd = process.cwd()): NewBlock {
  const command = parseCommand(args);
  const env = parseEnvPairs(args.env);
  if (!command && (args.cwd || Object.keys(env).length || args.timeout)) throw new UsageError('--cwd, --env and --timeout apply to commands: add --cmd');
  return {
    ...fields,
    priority: args.priority === undefined ? undefined : parsePriority(args.priority),
    tags: args.tag?.map(String),
    name: args.name ?? null,
    key: args.key ?? null,
    command,
    cwd: command ? path.resolve(cwd, args.cwd ?? '.') : null,
    env,
    timeoutMs: args.timeout === undefined ? undefined : positive(parseDurationMs(args.timeout, '--timeout'), '--timeout'),
    maxRetries: parseRetries(args.retries),
    retryDelayMs: args['retry-delay'] === undefined ? undefined : parseDurationMs(args['retry-delay'], '--retry-delay'),
    after: args.after?.map(String),
    runAt: parseRunAt(args.at, args.in),
  };
}

export function positive(ms: number, flag: string): number {
  if (ms <= 0) throw new UsageError(`${flag} must be longer than 0: e.g. 30s`);
  return ms;
}
