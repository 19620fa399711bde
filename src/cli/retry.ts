/** `workblock retry ID|--failed`: re-queue failed blocks and un-block their dependents. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { withQueue, type GlobalArgs } from './context.js';

interface RetryArgs extends GlobalArgs {
  refs?: string[];
  failed?: boolean;
}

export const retryCommand: CommandModule<GlobalArgs, RetryArgs> = {
  command: 'retry [refs..]',
  describe: 're-queue failed (or blocked) blocks',
  builder: (y) =>
    y
      .positional('refs', { type: 'string', array: true, describe: 'ids or names' })
      .option('failed', { type: 'boolean', describe: 'every failed block' })
      .example('$0 retry --failed', 're-queue everything that failed')
      .example('$0 retry 12', 're-queue block 12 and release what waits on it') as never,
  handler: async (argv) => {
    const refs = (argv.refs ?? []).map(String);
    if (!argv.failed && !refs.length) throw new UsageError('retry needs block ids or names, or --failed');
    const { retried, released } = await withQueue(argv, (q) => q.retry(argv.failed ? 'failed' : refs));
    process.stderr.write(`re-queued ${retried.length} block(s)${retried.length ? `: #${retried.join(', #')}` : ''}\n`);
    if (released.length) process.stderr.write(`released ${released.length} blocked dependent(s): #${released.join(', #')}\n`);
  },
};
