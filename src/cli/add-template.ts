/** `add --template NAME [ARGS]`: the template's block, its placeholders filled, with the add flags on top. */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { parseRunAt } from '../format/when.js';
import { fillTemplate } from '../queue/template-fill.js';
import type { Template } from '../store/templates.js';
import type { NewBlock } from '../queue/types.js';
import { parsePriority } from '../queue/validate.js';
import { parseEnvPairs, parseRetries, type BlockArgs } from './block-options.js';

/** Checked before the database opens, so a bad flag leaves it untouched. */
export function templateOverrides(args: BlockArgs): Partial<NewBlock> {
  if (args.cmd !== undefined || args['--']?.length) throw new UsageError('--template gives the command: drop --cmd');
  const over: Partial<NewBlock> = {};
  if (args.priority !== undefined) over.priority = parsePriority(args.priority);
  if (args.tag) over.tags = args.tag.map(String);
  if (args.name !== undefined) over.name = args.name;
  if (args.key !== undefined) over.key = args.key;
  if (args.after) over.after = args.after.map(String);
  if (args.cwd !== undefined) over.cwd = path.resolve(args.cwd);
  if (args.env) over.env = parseEnvPairs(args.env);
  if (args.retries !== undefined) over.maxRetries = parseRetries(args.retries);
  if (args['retry-delay'] !== undefined) over.retryDelayMs = parseDurationMs(args['retry-delay'], '--retry-delay');
  if (args.timeout !== undefined) over.timeoutMs = parseDurationMs(args.timeout, '--timeout');
  const runAt = parseRunAt(args.at, args.in);
  if (runAt !== undefined) over.runAt = runAt;
  return over;
}

export function blockFromTemplate(t: Template, args: string[], over: Partial<NewBlock>, cwd = process.cwd()): NewBlock {
  const filled = fillTemplate(t.name, t.block, args);
  return {
    ...filled,
    ...over,
    cwd: over.cwd ?? filled.cwd ?? (filled.command ? cwd : null),
    tags: [...(filled.tags ?? []), ...(over.tags ?? [])],
    env: { ...(filled.env ?? {}), ...(over.env ?? {}) },
  };
}
