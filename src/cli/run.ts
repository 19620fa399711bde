/** `workblock run FILE`: queue a batch of named commands (all or nothing) as one run, run it to the end, report. */
import { importModule } from '../import-module.js';
import { jsonText } from '../format/output.js';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { parseBatchFile, parseInlineTasks, type BatchCommand } from '../batch/batch-file.js';
import { planLevels, planText } from '../batch/plan.js';
import { batchToBlocks } from '../batch/to-blocks.js';
import { readLogTail } from '../runner/log-files.js';
import { summaryMarkdown } from '../format/summary.js';
import { printRunSummary, runSummary, runSummaryJson, runSummaryMarkdown } from '../format/run-summary.js';
import { visibleLine, visibleText } from '../format/terminal-text.js';
import { isPostgresUrl } from '../db/location.js';
import { resolveDbPath } from '../db/open.js';
import { UsageError } from '../errors.js';
import { validateLoggerSpecs } from '../loggers/registry.js';
import { runConcurrency } from '../queue/defaults.js';
import type { BlockReport, WorkBlock } from '../queue/types.js';
import { setExitCode, withQueue, type GlobalArgs } from './context.js';
import { executeWithProgress } from './execution.js';
import { readInputFile } from './import.js';
import { positiveInt } from './numbers.js';
import { STOP_EXIT, type StopReason } from '../worker/shutdown.js';
import { notifyOption, notifyOutcome, parseNotifyArgs } from './notify-outcome.js';

interface RunArgs extends GlobalArgs {
  items?: string[];
  task?: string[];
  parallel?: boolean;
  sequential?: boolean;
  concurrency?: string;
  'abort-on-failure'?: boolean;
  'dry-run'?: boolean;
  verbose?: boolean;
  report?: string;
  logger?: string[];
  json?: boolean;
  notify?: string[];
  check?: boolean;
  watch?: boolean;
}

interface Batch {
  commands: BatchCommand[];
  options: { name: string | null; abortOnFailure: boolean };
  file: string | null;
}

/** Seed 001's shorthand: the commands themselves, named step1, step2, ... in order. */
function shorthand(commands: string[], sequential: boolean): BatchCommand[] {
  const specs = commands.map((command, i) => `step${i + 1}:${command}${sequential && i > 0 ? `:depends=step${i}` : ''}`);
  return parseInlineTasks(specs);
}

function readBatch(argv: RunArgs): Batch {
  const items = (argv.items ?? []).map(String);
  const none = { name: null, abortOnFailure: false };
  if (argv.parallel && argv.sequential) throw new UsageError('give --parallel or --sequential, not both');
  if (argv.parallel || argv.sequential) {
    if (!items.length) throw new UsageError(`run --${argv.parallel ? 'parallel' : 'sequential'} needs commands: e.g. run --parallel "npm test" "npm run lint"`);
    if (argv.task?.length) throw new UsageError('give commands after --parallel/--sequential or --task, not both');
    return { commands: shorthand(items, !!argv.sequential), options: none, file: null };
  }
  if (items.length > 1) throw new UsageError('run takes one batch FILE: to run commands, add --parallel or --sequential');
  const [file] = items;
  if (file && argv.task?.length) throw new UsageError('give a batch FILE or --task, not both');
  if (file) {
    const { commands, name, abortOnFailure } = parseBatchFile(readInputFile(file), file);
    return { commands, options: { name, abortOnFailure }, file };
  }
  if (argv.task?.length) return { commands: parseInlineTasks(argv.task.map(String)), options: none, file: null };
  throw new UsageError('nothing to run: give a batch FILE, --task "name:command", or --parallel "cmd1" "cmd2"');
}

const neverRan = (b: WorkBlock, status: 'blocked' | 'not_run'): BlockReport => ({ id: b.id, task: b.task, name: b.runName ?? b.name, status, exitCode: null, signal: null, timedOut: false, durationMs: 0, error: b.lastError });

/** run's options (main.ts reads which are boolean: see bare-flags.ts). */
export const runOptions = {
  task: { type: 'string', array: true, describe: 'inline command name:command[:depends=a,b] (repeatable)' },
  parallel: { type: 'boolean', describe: 'the arguments are commands to run in parallel' },
  sequential: { type: 'boolean', describe: 'the arguments are commands to run one after another' },
  concurrency: { alias: 'c', type: 'string', describe: 'commands running at once (default: config concurrency, else the number of cores)' },
  'abort-on-failure': { type: 'boolean', describe: 'start nothing new after the first failure (also the file key "abort_on_failure")' },
  'dry-run': { type: 'boolean', describe: 'print the plan (dependency levels); queue nothing' },
  verbose: { alias: 'v', type: 'boolean', describe: 'print the output tail of every command' },
  report: { type: 'string', describe: 'write a JSON report (markdown if FILE ends in .md)' },
  logger: { alias: 'l', type: 'string', array: true, describe: 'logger spec (repeatable); default from config' },
  json: { type: 'boolean', describe: 'print the summary as JSON' },
  ...notifyOption,
  watch: { type: 'boolean', describe: 'run again each time FILE changes (never two runs at once); Ctrl-C stops' },
  check: { type: 'boolean', describe: 'run only each command\'s "check" and print ONLINE / OFFLINE; exit 1 if any is offline' },
} as const;

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run [items..]',
  describe: 'run a batch file of named commands with dependencies, to the end, as one run',
  builder: (y) =>
    y
      .positional('items', { type: 'string', array: true, describe: 'a batch FILE (JSON), or commands with --parallel/--sequential' })
      .options(runOptions)
      .example('$0 run batch.json --concurrency 4 --report report.json', 'run a batch file')
      .example('$0 run --parallel "npm test" "npm run lint"', 'two commands at once')
      .example('$0 run --task "build:npm run build" --task "test:npm test:depends=build"', 'inline commands')
      .example('$0 run batch.json --dry-run', 'show what would run in parallel')
      .example('$0 run batch.json --watch', 'run again whenever batch.json changes')
      .example('$0 run services.json --check', 'run only the health checks: ONLINE / OFFLINE per command') as never,
  handler: runBatch,
};

async function runBatch(argv: RunArgs): Promise<void> {
  if (argv.watch) {
    // Read once up front, so a bad file fails with exit 2 before watching starts.
    const { file } = readBatch(argv);
    if (!file) throw new UsageError('--watch needs a batch FILE to watch: workblock run FILE --watch');
    return (await import('./run-watch.js')).watchBatch(file, () => runBatch({ ...argv, watch: false }));
  }
  const { commands, options, file } = readBatch(argv);
  const flagConcurrency = argv.concurrency === undefined ? undefined : positiveInt(argv.concurrency, '--concurrency');
  const abortOnFailure = !!argv['abort-on-failure'] || options.abortOnFailure;
  if (argv.logger) validateLoggerSpecs(argv.logger);
  const notify = parseNotifyArgs(argv.notify);
  if (argv.check) return (await import('./run-checks.js')).printBatchChecks(commands, flagConcurrency ?? 8, !!argv.json);
  if (argv['dry-run']) {
    const plan = planLevels(commands);
    const concurrency = flagConcurrency ?? runConcurrency(await configuredConcurrency(argv));
    return void process.stdout.write(argv.json ? `${jsonText({ dry_run: true, levels: plan.map((l) => ({ level: l.level, commands: l.commands.map((c) => ({ name: c.name, command: c.command, depends_on: c.dependsOn })) })) })}\n` : `${planText(plan, concurrency)}\n`);
  }
  // (loaded here: every other command would load it; through importModule, see there)
  const { randomUUID } = (await importModule('node:crypto')) as typeof import('node:crypto');
  const runId = randomUUID().slice(0, 8);
  await withQueue(argv, async (q) => {
    const concurrency = flagConcurrency ?? runConcurrency((await q.defaults()).concurrency);
    await q.recordRun({ id: runId, name: options.name, file, createdAt: Date.now() });
    const { ids } = await q.add(batchToBlocks(commands, runId));
    const nameOf = new Map(ids.map((id, i) => [id, commands[i].name]));
    process.stderr.write(`run ${runId}${options.name ? ` (${visibleLine(options.name)})` : ''}: ${commands.length} command(s), up to ${concurrency} at once (\`workblock status --run ${runId}\`)\n`);
    const result = await executeWithProgress(q, { n: Infinity, batch: runId, concurrency, abortOnFailure, waitForRetries: true, loggers: argv.logger, total: commands.length });
    const ran = result.blocks.filter((r) => r.status !== 'interrupted').map((r) => ({ ...r, name: nameOf.get(r.id) ?? r.name }));
    // What never started: dependents of a failure (blocked), and blocks an abort, a pause or a signal left queued.
    const left = await q.list({ all: true, run: runId });
    const blocked = left.filter((b) => b.status === 'blocked').map((b) => neverRan(b, 'blocked'));
    const notRun = left.filter((b) => b.status === 'pending').map((b) => neverRan(b, 'not_run'));
    const summary = runSummary(runId, options.name, ran, blocked, notRun, result.duration);
    if (argv.verbose) printTails(ran.map((r) => [r.id, q.logFile(r.id)]));
    if (argv.report) writeReport(argv.report, summary);
    if (notRun.length) {
      const pausedTags = (await q.pauseState()).tags;
      const tagPaused = left.some((b) => b.status === 'pending' && b.tags.some((t) => pausedTags.includes(t)));
      const why = result.paused || tagPaused ? 'the queue or a tag is paused' : result.interruptedBy ? `stopped by ${result.interruptedBy}` : abortOnFailure ? 'a command failed and abort on failure is on' : 'they were not reached';
      process.stderr.write(`not run (${why}; still queued): ${notRun.map((b) => `#${b.id} ${visibleLine(b.name ?? b.task)}`).join(', ')}\n`);
    }
    printRunSummary(summary, !!argv.json);
    if (!summary.success) setExitCode(1);
    if (result.interruptedBy) setExitCode(STOP_EXIT[result.interruptedBy as StopReason] ?? 1);
    await notifyOutcome(q, notify, summary, result, { event: 'run', id: runId, name: options.name ?? (file ? path.basename(file) : null) });
  });
}

/** `config set concurrency` for the dry run's plan, read only from a queue that exists: a dry run creates none. */
async function configuredConcurrency(argv: RunArgs): Promise<number | null> {
  const db = resolveDbPath(argv.db);
  if (!isPostgresUrl(db) && !fs.existsSync(db)) return null;
  return withQueue(argv, async (q) => (await q.defaults()).concurrency, { readonly: true });
}

function writeReport(file: string, summary: ReturnType<typeof runSummary>): void {
  const text = file.endsWith('.md') ? runSummaryMarkdown(summary, summaryMarkdown(summary)) : `${JSON.stringify(runSummaryJson(summary), null, 2)}\n`;
  fs.writeFileSync(file, text, { mode: 0o600 });
}

function printTails(files: Array<[number, string]>): void {
  for (const [id, file] of files) {
    const tail = readLogTail(file);
    // Like `logs`: a command's escape sequences are shown, not obeyed, on a terminal.
    if (tail) process.stderr.write(`--- #${id} output (tail) ---\n${process.stderr.isTTY ? visibleText(tail) : tail}\n`);
  }
}
