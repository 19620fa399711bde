/** `workblock prune`: history retention. */
import type { CommandModule } from 'yargs';
import { parseDurationMs } from '../format/time.js';
import { withQueue, type GlobalArgs } from './context.js';

interface PruneArgs extends GlobalArgs {
  'older-than': string;
}

export const pruneCommand: CommandModule<GlobalArgs, PruneArgs> = {
  command: 'prune',
  describe: 'delete history entries older than a duration (default 30d)',
  builder: (y) =>
    y
      .option('older-than', { type: 'string', default: '30d', describe: 'age of entries to delete, e.g. 30d, 12h, 0s for all' })
      .example('$0 prune --older-than 90d', 'keep three months of history') as never,
  handler: async (argv) => {
    const ms = parseDurationMs(argv['older-than'], '--older-than');
    const gone = await withQueue(argv, (q) => q.prune(ms));
    process.stdout.write(`${gone}\n`);
    process.stderr.write(`pruned ${gone} history entr${gone === 1 ? 'y' : 'ies'} older than ${argv['older-than']}\n`);
  },
};
