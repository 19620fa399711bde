/** `workblock history`: what ran, newest first. */
import type { CommandModule } from 'yargs';
import { parseDurationMs } from '../format/time.js';
import { withQueue, type GlobalArgs } from './context.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';
import { positiveInt } from './numbers.js';

interface HistoryArgs extends GlobalArgs, FormatArgs {
  limit?: number;
  since?: string;
  run?: string;
}

export const historyCommand: CommandModule<GlobalArgs, HistoryArgs> = {
  command: 'history',
  describe: 'show completed and failed blocks, newest first',
  builder: (y) =>
    y
      .options({
        limit: { alias: 'n', type: 'string', describe: 'at most this many (default 20)' },
        since: { type: 'string', describe: 'only entries from this far back, e.g. 7d' },
        ...formatOptions,
        run: { type: 'string', describe: 'only the blocks of this run (the id `workblock run` printed)' },
      })
      .example('$0 history --since 7d --json', 'last week as JSON') as never,
  handler: async (argv) => {
    const format = outputFormat(argv);
    const limit = argv.limit === undefined ? 20 : positiveInt(argv.limit, '--limit');
    const since = argv.since === undefined ? undefined : Date.now() - parseDurationMs(argv.since, '--since');
    await withQueue(
      argv,
      async (q) => {
        const { printHistory } = await import('../format/history-list.js');
        if (argv.run !== undefined) await q.getRun(argv.run);
        printHistory(await q.history({ limit: argv.run !== undefined && argv.limit === undefined ? undefined : limit, since, run: argv.run }), format);
      },
      { readonly: true },
    );
  },
};
