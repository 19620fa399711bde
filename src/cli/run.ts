/** `workblock run FILE`: queue a batch of named commands (all or nothing), run it to the end, report. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { parseBatchJson, parseInlineTasks, type BatchCommand } from '../batch/batch-file.js';
import { planLevels, planText } from '../batch/plan.js';
import { batchToBlocks } from '../batch/to-blocks.js';
import { readLogTail } from '../runner/log-files.js';
import { summarize } from '../worker/report.js';
import { summaryJson, summaryMarkdown } from '../format/summary.js';
import { UsageError } from '../errors.js';
import { validateLoggerSpecs } from '../loggers/registry.js';
import type { BlockReport } from '../queue/types.js';
import { withQueue, type GlobalArgs } from './context.js';
import { executeWithProgress, reportExecution } from './execution.js';
import { readInputFile } from './import.js';
import { positiveInt } from './numbers.js';

interface RunArgs extends GlobalArgs {
  file?: string;
  task?: string[];
  concurrency?: string;
  'dry-run'?: boolean;
  verbose?: boolean;
  report?: string;
  logger?: string[];
  json?: boolean;
}

function readBatch(argv: RunArgs): BatchCommand[] {
  if (argv.file && argv.task?.length) throw new UsageError('give a batch FILE or --task, not both');
  if (argv.file) return parseBatchJson(readInputFile(argv.file), argv.file);
  if (argv.task?.length) return parseInlineTasks(argv.task.map(String));
  throw new UsageError('nothing to run: give a batch FILE or --task "name:command"');
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run [file]',
  describe: 'run a batch file of named commands with dependencies, to the end',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'JSON: { "commands": [...] } or { "phases": [...] }' })
      .options({
        task: { type: 'string', array: true, describe: 'inline command name:command[:depends=a,b] (repeatable)' },
        concurrency: { alias: 'c', type: 'string', describe: 'commands running at once (default 1)' },
        'dry-run': { type: 'boolean', describe: 'print the plan (dependency levels); queue nothing' },
        verbose: { alias: 'v', type: 'boolean', describe: 'print the output tail of every command' },
        report: { type: 'string', describe: 'write a JSON report (markdown if FILE ends in .md)' },
        logger: { alias: 'l', type: 'string', array: true, describe: 'logger spec (repeatable); default from config' },
        json: { type: 'boolean', describe: 'print the summary as JSON' },
      })
      .example('$0 run batch.json --concurrency 4 --report report.json', 'run a batch file')
      .example('$0 run --task "build:npm run build" --task "test:npm test:depends=build"', 'inline commands')
      .example('$0 run batch.json --dry-run', 'show what would run in parallel') as never,
  handler: async (argv) => {
    const commands = readBatch(argv);
    const concurrency = argv.concurrency === undefined ? 1 : positiveInt(argv.concurrency, '--concurrency');
    if (argv.logger) validateLoggerSpecs(argv.logger);
    if (argv['dry-run']) {
      const plan = planLevels(commands);
      return void process.stdout.write(argv.json ? `${JSON.stringify({ dryRun: true, levels: plan }, null, 2)}\n` : `${planText(plan, concurrency)}\n`);
    }
    const batch = randomUUID();
    await withQueue(argv, async (q) => {
      await q.add(batchToBlocks(commands, batch, process.cwd()));
      const result = await executeWithProgress(q, { n: Infinity, batch, concurrency, waitForRetries: true, loggers: argv.logger, total: commands.length });
      // Dependents of a failure never ran: they count as not succeeded.
      const blocked: BlockReport[] = (await q.list({ all: true }))
        .filter((b) => b.batch === batch && b.status === 'blocked')
        .map((b) => ({ id: b.id, task: b.task, name: b.name, status: 'blocked', exitCode: null, signal: null, timedOut: false, durationMs: 0, error: b.lastError }));
      const summary = { ...summarize([...result.blocks, ...blocked], performance.now() - result.duration), duration: result.duration };
      if (argv.verbose) printTails(result.blocks.map((r) => q.logFile(r.id)), result.blocks.map((r) => r.id));
      if (argv.report) fs.writeFileSync(argv.report, argv.report.endsWith('.md') ? summaryMarkdown(summary) : `${JSON.stringify(summaryJson(summary), null, 2)}\n`, { mode: 0o600 });
      reportExecution(summary, result, !!argv.json);
    });
  },
};

function printTails(files: string[], ids: number[]): void {
  for (const [i, id] of ids.entries()) {
    const tail = readLogTail(files[i]);
    if (tail) process.stderr.write(`--- #${id} output (tail) ---\n${tail}\n`);
  }
}
