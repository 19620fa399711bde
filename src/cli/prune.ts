/** `workblock prune`: history retention, and the log files of the blocks it forgets. */
import type { CommandModule } from 'yargs';
import { parseDurationMs } from '../format/time.js';
import { withQueue, type GlobalArgs } from './context.js';

interface PruneArgs extends GlobalArgs {
  'older-than': string;
  'dry-run'?: boolean;
}

export const pruneCommand: CommandModule<GlobalArgs, PruneArgs> = {
  command: 'prune',
  describe: 'delete history entries older than a duration (default 30d) and their blocks\' log files',
  builder: (y) =>
    y
      .option('older-than', { type: 'string', default: '30d', describe: 'age of entries to delete, with a unit: 30d, 12h, 0s for all' })
      .option('dry-run', { type: 'boolean', describe: 'say what would be deleted; delete nothing' })
      .example('$0 prune --older-than 90d', 'keep three months of history')
      .example('$0 prune --older-than 7d --dry-run', 'count what a week of retention would delete') as never,
  handler: async (argv) => {
    const ms = parseDurationMs(argv['older-than'], '--older-than', { requireUnit: true });
    const dry = !!argv['dry-run'];
    const { entries, logFiles } = await withQueue(argv, (q) => q.prune(ms, { dryRun: dry }));
    process.stdout.write(`${entries}\n`);
    const what = `${entries} history entr${entries === 1 ? 'y' : 'ies'} older than ${argv['older-than']} and ${logFiles.length} log file(s)`;
    process.stderr.write(dry ? `would prune ${what} (dry run: nothing deleted)\n` : `pruned ${what}\n`);
  },
};
