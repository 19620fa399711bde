/** `workblock remove ID...`: drop queued blocks (all or nothing); blocks that wait on them only with --cascade. */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';

interface RemoveArgs extends GlobalArgs {
  refs: string[];
  cascade?: boolean;
}

export const removeCommand: CommandModule<GlobalArgs, RemoveArgs> = {
  command: 'remove <refs..>',
  aliases: ['rm'],
  describe: 'remove queued blocks by id or name',
  builder: (y) =>
    y
      .positional('refs', { type: 'string', array: true, describe: 'ids or names' })
      .option('cascade', { type: 'boolean', describe: 'also remove the blocks that wait on these (refused without it)' })
      .example('$0 remove 3 4 build', 'remove blocks 3, 4 and the one named build')
      .example('$0 remove build --cascade', 'remove build and everything that waits on it') as never,
  handler: async (argv) => {
    const { ids, dependents } = await withQueue(argv, (q) => q.remove(argv.refs.map(String), { cascade: argv.cascade }));
    process.stderr.write(`removed ${ids.length} block(s): #${ids.join(', #')}${dependents.length ? ` (dependents: #${dependents.join(', #')})` : ''}\n`);
  },
};
