/**
 * `workblock execute [N|all]`: run the next N ready blocks and hand each to the loggers. With --wait, a
 * long-lived worker: it waits for work instead of exiting, until N blocks, --max-time or a signal.
 */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { parseDurationMs, shortDuration } from '../format/time.js';
import type { Queue } from '../workblock.js';
import { withQueue, type GlobalArgs } from './context.js';
import { executeWithProgress, printSkipped, reportExecution } from './execution.js';
import { positiveInt } from './numbers.js';
import { validateLoggerSpecs } from '../loggers/registry.js';
import { notifyOption, notifyOutcome, parseNotifyArgs } from './notify-outcome.js';
import { countInterruptedApart, TABLE_MAX } from '../format/summary.js';

export interface ExecuteArgs extends GlobalArgs {
  n?: string;
  logger?: string[];
  json?: boolean;
  'dry-run'?: boolean;
  'if-pending'?: number;
  'max-age'?: string;
  'max-time'?: string;
  'until-empty'?: boolean;
  wait?: boolean;
  quiet?: boolean;
  concurrency?: number;
  'abort-on-failure'?: boolean;
  tag?: string[];
  notify?: string[];
}

/** N from the positional: a number, `all` (until nothing is ready, or with --wait until stopped), or the default (config n). */
function parseN(argv: ExecuteArgs): number | undefined {
  if (argv.wait) {
    const against = argv['until-empty'] ? '--until-empty' : argv['if-pending'] !== undefined ? '--if-pending' : argv['dry-run'] ? '--dry-run' : null;
    if (against) throw new UsageError(`--wait waits for work instead of exiting: drop ${against}`);
    // A waiting worker's default is no limit: it runs until --max-time or a signal.
    if (argv.n === undefined) return Infinity;
  }
  if (argv['until-empty'] || argv.n === 'all') {
    if (argv.n !== undefined && argv.n !== 'all') throw new UsageError('give N or --until-empty, not both');
    return Infinity;
  }
  return argv.n === undefined ? undefined : positiveInt(argv.n, 'N');
}

/** Why a cron tick does nothing, or null to go ahead: fewer than M pending, unless the oldest is older than --max-age. */
async function skipReason(q: Queue, ifPending: number | undefined, maxAgeMs: number | undefined, tags?: string[]): Promise<string | null> {
  if (ifPending === undefined) return null;
  const pending = await q.count({ tag: tags, cap: ifPending });
  if (pending >= ifPending) return null;
  const oldest = maxAgeMs === undefined || !pending ? null : await q.oldestPendingAt(tags);
  if (oldest !== null && Date.now() - oldest > maxAgeMs!) return null;
  const age = oldest === null ? '' : `, the oldest waiting ${shortDuration(Date.now() - oldest)}`;
  return `${pending} pending, fewer than ${ifPending}${age}: nothing to do`;
}

/** execute's options, shared with its fast path (fast-execute.ts). */
export const executeOptions = {
  logger: { alias: 'l', type: 'string', array: true, describe: 'logger spec (repeatable); default from config, else markdown' },
  json: { type: 'boolean', describe: 'print the summary as JSON (also when nothing was done, with the reason)' },
  'dry-run': { type: 'boolean', describe: 'show what would run; change nothing' },
  'if-pending': { type: 'string', describe: 'do nothing (exit 0) unless at least M blocks are pending' },
  'max-age': { type: 'string', describe: 'with --if-pending: run anyway when the oldest pending block is older, e.g. 2h' },
  'max-time': { type: 'string', describe: 'start nothing new after this long (running commands finish; with --wait, then exit 0), e.g. 10m' },
  'until-empty': { type: 'boolean', describe: 'same as N = all: keep going until no block is ready' },
  wait: { type: 'boolean', describe: 'when nothing is ready, wait for work instead of exiting; ends after N blocks (default: no limit), at --max-time or on Ctrl-C/SIGTERM' },
  quiet: { alias: 'q', type: 'boolean', describe: 'print nothing unless something failed (for cron)' },
  concurrency: { alias: 'c', type: 'string', describe: 'commands running at once (default: config concurrency, else 1)' },
  'abort-on-failure': { type: 'boolean', describe: 'start nothing new after the first failure' },
  tag: { alias: 't', type: 'string', array: true, describe: 'only blocks with this tag' },
  ...notifyOption,
} as const;

/** `execute` itself, once its arguments are parsed (by yargs, or by the fast path). */
export async function runExecute(argv: ExecuteArgs): Promise<void> {
  const n = parseN(argv);
  const concurrencyFlag = argv.concurrency === undefined ? undefined : positiveInt(argv.concurrency, '--concurrency');
  const ifPending = argv['if-pending'] === undefined ? undefined : positiveInt(argv['if-pending'], '--if-pending');
  if (argv['max-age'] !== undefined && ifPending === undefined) throw new UsageError('--max-age goes with --if-pending: e.g. --if-pending 5 --max-age 2h');
  const maxAgeMs = argv['max-age'] === undefined ? undefined : parseDurationMs(argv['max-age'], '--max-age', { requireUnit: true });
  const maxTimeMs = argv['max-time'] === undefined ? undefined : parseDurationMs(argv['max-time'], '--max-time', { requireUnit: true });
  const deadline = maxTimeMs === undefined ? undefined : Date.now() + maxTimeMs;
  if (argv.logger) validateLoggerSpecs(argv.logger);
  const notify = parseNotifyArgs(argv.notify);
  await withQueue(argv, async (q) => {
    // Due schedule occurrences become blocks first, so this execute can already run them.
    if (!argv['dry-run']) {
      const scheduled = await q.materializeSchedules();
      if (scheduled.length && !argv.quiet) process.stderr.write(`queued ${scheduled.length} scheduled block(s): #${scheduled.join(', #')}\n`);
    }
    const skipped = await skipReason(q, ifPending, maxAgeMs, argv.tag);
    if (skipped) {
      if (argv.quiet) return;
      return argv.json ? printSkipped(skipped) : void process.stderr.write(`${skipped}\n`);
    }
    const defaults = await q.defaults();
    const want = n ?? defaults.n;
    const concurrency = concurrencyFlag ?? defaults.concurrency ?? 1;
    if (argv['dry-run']) {
      const { printDryRun } = await import('../format/dry-run.js');
      return printDryRun(await q.peekReady(Number.isFinite(want) ? want : 1000, argv.tag), !!argv.json);
    }
    // A waiting worker has no total: blocks keep coming.
    const total = argv.wait ? Infinity : await q.count({ tag: argv.tag, cap: Number.isFinite(want) ? want : undefined });
    // The table shows a few reports; --json lists every block.
    const keepReports = argv.json ? undefined : TABLE_MAX;
    const result = await executeWithProgress(q, { n: want, concurrency, loggers: argv.logger, tags: argv.tag, abortOnFailure: argv['abort-on-failure'], wait: argv.wait, waitForRetries: true, total, deadline, quiet: argv.quiet, keepReports });
    reportExecution(result, result, !!argv.json, argv.quiet);
    await notifyOutcome(q, notify, countInterruptedApart(result), result, { event: 'execute', id: null, name: null });
  });
}

export const executeCommand: CommandModule<GlobalArgs, ExecuteArgs> = {
  command: 'execute [n]',
  aliases: ['exec'],
  describe: 'execute the next N ready blocks (default 5; `all` until none is ready; --wait waits for more) and log each',
  builder: (y) =>
    y
      .positional('n', { type: 'string', describe: 'how many blocks to start (default 5, or config n), or all' })
      .options(executeOptions)
      .example('$0 execute 5', 'run the next five blocks')
      .example('$0 execute 5 --if-pending 5 --max-age 2h --quiet', 'cron: run when five wait or one waited 2 h; mail only failures')
      .example('$0 execute all --max-time 10m', 'a heartbeat with a time budget')
      .example('$0 execute --wait --max-time 8h -c 4', 'a worker: run blocks as they come, four at a time, for eight hours')
      .example('$0 execute 1 --wait', 'wait for the next block, run it, exit')
      .example("$0 execute 3 --logger 'argv:python3 tools/work-block-logger.py'", 'deliver to a legacy logger script') as never,
  handler: runExecute,
};
