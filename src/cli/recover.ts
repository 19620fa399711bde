/** `workblock recover`: return blocks of dead executors to pending now (execute also does this). */
import type { CommandModule } from 'yargs';
import { recoverStale } from '../store/recover.js';
import { withQueue, type GlobalArgs } from './context.js';

export const recoverCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'recover',
  describe: 'return blocks whose executor died (lease expired or pid gone) to pending',
  builder: (y) => y.example('$0 recover', 'after a crash or kill -9') as never,
  handler: async (argv) => {
    const ids = await withQueue(argv, (q) => recoverStale(q.db));
    process.stdout.write(`${ids.length}\n`);
    process.stderr.write(`recovered ${ids.length} block(s)${ids.length ? `: #${ids.join(', #')}` : ''}\n`);
  },
};
