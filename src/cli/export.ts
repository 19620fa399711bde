/** `workblock export`: the queue and history as JSON (or NDJSON of queued blocks that `add -` re-reads). */
import type { CommandModule } from 'yargs';
import { blockJson } from '../format/block-list.js';
import { historyJson } from '../format/history-list.js';
import { withQueue, type GlobalArgs } from './context.js';

interface ExportArgs extends GlobalArgs {
  json?: boolean;
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export',
  describe: 'print queued blocks (NDJSON), or queue and history (--json)',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'one JSON document with queue and history' })
      .example('$0 export > backup.ndjson', 'queued blocks, one per line')
      .example('$0 export --json > all.json', 'queue and history') as never,
  handler: async (argv) => {
    await withQueue(
      argv,
      async (q) => {
        const blocks = (await q.list({ all: true })).map(blockJson);
        if (!argv.json) return void process.stdout.write(blocks.map((b) => JSON.stringify(b)).join('\n') + (blocks.length ? '\n' : ''));
        const history = (await q.history()).map(historyJson);
        process.stdout.write(`${JSON.stringify({ version: 1, exported_at: new Date().toISOString(), blocks, history }, null, 2)}\n`);
      },
      { readonly: true },
    );
  },
};
