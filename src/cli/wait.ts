/** `workblock wait [ID...] [--run ID] [--tag T]`: block until those blocks finish; exit 0 when all succeeded. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { setExitCode, withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface WaitArgs extends GlobalArgs {
  ids?: string[];
  run?: string;
  tag?: string;
  timeout?: string;
}

export const waitCommand: CommandModule<GlobalArgs, WaitArgs> = {
  command: 'wait [ids..]',
  describe: 'wait until blocks finish (default: every queued block); exit 1 if any failed',
  builder: (y) =>
    y
      .positional('ids', { type: 'string', array: true, describe: 'block ids' })
      .options({
        run: { type: 'string', describe: 'every block of this run (the id `workblock run` printed)' },
        tag: { alias: 't', type: 'string', describe: 'every queued block with this tag' },
        timeout: { type: 'string', describe: 'give up after this long (exit 1), e.g. 10m' },
      })
      .example('$0 wait 12 13', 'until blocks 12 and 13 finish')
      .example('$0 wait --tag nightly --timeout 1h', 'until the nightly blocks finish, at most an hour') as never,
  handler: async (argv) => {
    const ids = (argv.ids ?? []).map((i) => positiveInt(i, 'ID'));
    if ([ids.length > 0, !!argv.run, !!argv.tag].filter(Boolean).length > 1) throw new UsageError('wait takes ids, --run or --tag: give one of them');
    const timeoutMs = argv.timeout === undefined ? undefined : parseDurationMs(argv.timeout, '--timeout');
    const { waitFor, waitTargets } = await import('../queue/wait.js');
    const { signal, dispose } = abortOnInterrupt();
    try {
      await withQueue(
        argv,
        async (q) => {
          const targets = await waitTargets(q.db, { ids, run: argv.run, tag: argv.tag });
          if (!targets.length) return void process.stderr.write('nothing to wait for\n');
          process.stderr.write(`waiting for ${targets.length} block(s)\n`);
          const { outcomes, unfinished } = await waitFor(q.db, targets, { timeoutMs, signal });
          for (const [id, outcome] of outcomes) process.stdout.write(`#${id} ${outcome}\n`);
          if ([...outcomes.values()].some((o) => o === 'failed' || o === 'blocked')) setExitCode(1);
          if (unfinished.length) {
            process.stderr.write(`still unfinished: #${unfinished.join(', #')}\n`);
            setExitCode(signal.aborted ? 130 : 1);
          }
        },
        { readonly: true },
      );
    } finally {
      dispose();
    }
  },
};

/** Ctrl-C ends the wait with what is known so far (exit 130). */
function abortOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { signal: ac.signal, dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) };
}
