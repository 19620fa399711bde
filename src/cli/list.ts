/** `workblock list`: pending blocks in execution order, as a table, a count, or JSON. */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';
import { positiveInt } from './numbers.js';
import type { Queue } from '../workblock.js';
import type { OutputFormat } from '../format/table.js';

/** A run's blocks still in the queue, whatever their state (finished ones are in `history --run`). */
async function listRun(q: Queue, run: string, format: OutputFormat, count: boolean): Promise<void> {
  await q.getRun(run);
  const blocks = await q.list({ all: true, run });
  if (count) return void process.stdout.write(`${blocks.length}\n`);
  const { printBlockList } = await import('../format/block-list.js');
  printBlockList(blocks, { format, total: blocks.length, all: true });
}

interface ListArgs extends GlobalArgs, FormatArgs {
  tag?: string[];
  limit?: number;
  all?: boolean;
  count?: boolean;
  run?: string;
}

export const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'show pending blocks in execution order',
  builder: (y) =>
    y
      .options({
        tag: { alias: 't', type: 'string', array: true, describe: 'only blocks with this tag' },
        limit: { alias: 'n', type: 'number', describe: 'show at most this many' },
        all: { alias: 'a', type: 'boolean', describe: 'include running, failed, blocked and retrying blocks' },
        count: { type: 'boolean', describe: 'print only the number of blocks' },
        ...formatOptions,
        run: { type: 'string', describe: 'only the queued blocks of this run (every state)' },
      })
      .example('$0 list --tag docs --limit 20', 'the next 20 docs blocks')
      .example('$0 list --count', 'just the number, for scripts')
      .example('$0 list --run 1a2b3c4d', 'what a run left in the queue')
      .example('$0 list --format tsv | cut -f1,3', 'ids and tasks, tab-separated') as never,
  handler: async (argv) => {
    const format = outputFormat(argv);
    const limit = argv.limit === undefined ? undefined : positiveInt(argv.limit, '--limit');
    await withQueue(
      argv,
      async (q) => {
        if (argv.run !== undefined) return listRun(q, argv.run, format, !!argv.count);
        if (argv.count) return void process.stdout.write(`${await q.count({ tag: argv.tag, all: argv.all })}\n`);
        const blocks = await q.list({ tag: argv.tag, limit, all: argv.all });
        const { printBlockList } = await import('../format/block-list.js');
        // Counts by state are kept by triggers (no tag filter there): shown only for the whole queue.
        const counts = argv.tag?.length ? undefined : await q.countByStatus();
        printBlockList(blocks, { format, total: limit === undefined ? blocks.length : await q.count({ tag: argv.tag, all: argv.all }), all: !!argv.all, counts });
      },
      { readonly: true },
    );
  },
};
