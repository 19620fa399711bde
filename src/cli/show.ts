/** `workblock show ID`: every field of one queued block (or its history when it already ran), and the host it ran on. */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';
import { UsageError } from '../errors.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';

interface ShowArgs extends GlobalArgs, FormatArgs {
  ref: string;
}

export const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: 'show <ref>',
  describe: 'show one block by id or name',
  builder: (y) =>
    y
      .positional('ref', { type: 'string', describe: 'block id or name' })
      .options(formatOptions)
      .example('$0 show 42', 'everything about block 42') as never,
  handler: async (argv) => {
    const format = outputFormat(argv);
    await withQueue(
      argv,
      async (q) => {
        const { printBlock, printHistoryEntry } = await import('../format/block-detail.js');
        const hostOf = async (id: number) => (await q.ranOn(id))?.host ?? null;
        try {
          const block = await q.show(argv.ref);
          printBlock(block, format, await hostOf(block.id));
        } catch (e) {
          // A block that already ran is no longer queued: show its history instead.
          const ref = String(argv.ref);
          const past = await q.history(/^\d+$/.test(ref) ? { id: Number(ref), limit: 1 } : { name: ref, limit: 1 });
          if (!(e instanceof UsageError) || !past.length) throw e;
          printHistoryEntry(past[0], format, await hostOf(past[0].id));
        }
      },
      { readonly: true },
    );
  },
};
