/** `workblock kill ID`: stop one running block (SIGTERM to its process group, SIGKILL after the grace). */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';

interface KillArgs extends GlobalArgs {
  ref: string;
  requeue?: boolean;
}

export const killCommand: CommandModule<GlobalArgs, KillArgs> = {
  command: 'kill <ref>',
  describe: 'stop a running block: recorded failed, or back to pending with --requeue',
  builder: (y) =>
    y
      .positional('ref', { type: 'string', describe: 'block id or name' })
      .option('requeue', { type: 'boolean', describe: 'put the block back to pending instead of recording it failed' })
      .example('$0 kill 12', 'stop block 12; it is recorded failed and its dependents are blocked')
      .example('$0 kill 12 --requeue', 'stop block 12 and queue it again')
      .epilogue('SIGTERM goes to the command\'s process group (its children too), SIGKILL after WORKBLOCK_KILL_GRACE_MS (default 5 s). The executor running the block settles it; a killed block does not use its retries.') as never,
  handler: async (argv) => {
    const { killBlock } = await import('../queue/kill.js');
    const result = await withQueue(argv, (q) => killBlock(q.db, String(argv.ref), { action: argv.requeue ? 'requeue' : 'fail', onProgress: (m) => process.stderr.write(`${m}\n`) }));
    process.stderr.write(`block #${result.id} stopped (${result.signal}): now ${result.state}\n`);
  },
};
