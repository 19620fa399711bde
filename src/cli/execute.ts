/** `workblock execute [N]`: run the next N ready blocks and hand each to the loggers. */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';
import { executeWithProgress, reportExecution } from './execution.js';
import { positiveInt } from './numbers.js';
import { validateLoggerSpecs } from '../loggers/registry.js';

interface ExecuteArgs extends GlobalArgs {
  n?: number;
  logger?: string[];
  json?: boolean;
  'dry-run'?: boolean;
  'if-pending'?: number;
  concurrency?: number;
  'abort-on-failure'?: boolean;
  tag?: string[];
}

export const executeCommand: CommandModule<GlobalArgs, ExecuteArgs> = {
  command: 'execute [n]',
  aliases: ['exec'],
  describe: 'execute the next N ready blocks (default 5) and log each',
  builder: (y) =>
    y
      .positional('n', { type: 'string', describe: 'how many blocks to start (default 5, or config n)' })
      .options({
        logger: { alias: 'l', type: 'string', array: true, describe: 'logger spec (repeatable); default from config, else markdown' },
        json: { type: 'boolean', describe: 'print the summary as JSON' },
        'dry-run': { type: 'boolean', describe: 'show what would run; change nothing' },
        'if-pending': { type: 'string', describe: 'do nothing (exit 0) unless at least M blocks are pending' },
        concurrency: { alias: 'c', type: 'string', describe: 'commands running at once (default 1)' },
        'abort-on-failure': { type: 'boolean', describe: 'start nothing new after the first failure' },
        tag: { alias: 't', type: 'string', array: true, describe: 'only blocks with this tag' },
      })
      .example('$0 execute 5', 'run the next five blocks')
      .example('$0 execute 5 --if-pending 5', 'cron/heartbeat: run only when at least five are waiting')
      .example("$0 execute 3 --logger 'argv:python3 tools/work-block-logger.py'", 'deliver to a legacy logger script') as never,
  handler: async (argv) => {
    const n = argv.n === undefined ? undefined : positiveInt(argv.n, 'N');
    const concurrency = argv.concurrency === undefined ? 1 : positiveInt(argv.concurrency, '--concurrency');
    const ifPending = argv['if-pending'] === undefined ? undefined : positiveInt(argv['if-pending'], '--if-pending');
    if (argv.logger) validateLoggerSpecs(argv.logger);
    await withQueue(argv, async (q) => {
      if (ifPending !== undefined) {
        const pending = await q.count({ tag: argv.tag, cap: ifPending });
        if (pending < ifPending) return void process.stderr.write(`${pending} pending, fewer than ${ifPending}: nothing to do\n`);
      }
      if (argv['dry-run']) {
        const { printDryRun } = await import('../format/dry-run.js');
        return printDryRun(await q.peekReady(n ?? (await q.defaultN()), argv.tag), !!argv.json);
      }
      const want = n ?? (await q.defaultN());
      const total = await q.count({ tag: argv.tag, cap: want });
      const result = await executeWithProgress(q, { n, concurrency, loggers: argv.logger, tags: argv.tag, abortOnFailure: argv['abort-on-failure'], waitForRetries: true, total });
      reportExecution(result, result, !!argv.json);
    });
  },
};
