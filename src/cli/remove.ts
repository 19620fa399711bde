/** `workblock remove ID...`: drop queued blocks (all or nothing); their dependents are released. */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';

interface RemoveArgs extends GlobalArgs {
  refs: string[];
}

export const removeCommand: CommandModule<GlobalArgs, RemoveArgs> = {
  command: 'remove <refs..>',
  aliases: ['rm'],
  describe: 'remove queued blocks by id or name',
  builder: (y) => y.positional('refs', { type: 'string', array: true, describe: 'ids or names' }).example('$0 remove 3 4 build', 'remove blocks 3, 4 and the one named build') as never,
  handler: async (argv) => {
    const ids = await withQueue(argv, (q) => q.remove(argv.refs.map(String)));
    process.stderr.write(`removed ${ids.length} block(s): #${ids.join(', #')}\n`);
  },
};
