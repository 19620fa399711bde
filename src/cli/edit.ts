/** `workblock edit ID`: change a queued block that is not running. */
import type { CommandModule } from 'yargs';
import { parseDuration } from '../schema/duration.js';
import { asFlagError } from '../schema/flags.js';
import type { BlockEdit } from '../queue/edit.js';
import { blockOptions, parseCommand, parseRetries, parseTimeout, type BlockArgs } from './block-options.js';
import { withQueue, type GlobalArgs } from './context.js';

interface EditArgs extends GlobalArgs, BlockArgs {
  ref: string;
  task?: string;
  result?: string;
  insight?: string;
  'next-step'?: string;
  'clear-deps'?: boolean;
}

function toEdit(argv: EditArgs): BlockEdit {
  const timeout = argv.timeout;
  return {
    task: argv.task,
    result: argv.result,
    insight: argv.insight,
    nextStep: argv['next-step'],
    name: argv.name === undefined ? undefined : argv.name || null,
    command: argv.cmd === undefined ? undefined : parseCommand(argv),
    priority: argv.priority,
    tags: argv.tag?.map(String).filter(Boolean),
    timeoutMs: timeout === undefined ? undefined : timeout === 'none' ? null : parseTimeout(timeout),
    maxRetries: parseRetries(argv.retries),
    retryDelayMs: argv['retry-delay'] === undefined ? undefined : parseDuration(argv['retry-delay'], '--retry-delay', 'retry_delay'),
    after: argv['clear-deps'] ? [] : argv.after?.map(String),
  };
}

export const editCommand: CommandModule<GlobalArgs, EditArgs> = {
  command: 'edit <ref>',
  describe: 'change a queued block (not a running one)',
  builder: (y) =>
    y
      .positional('ref', { type: 'string', describe: 'block id or name' })
      .options({
        task: { type: 'string', describe: 'new title' },
        result: { type: 'string', describe: 'new result text' },
        insight: { type: 'string', describe: 'new insight text' },
        'next-step': { type: 'string', describe: 'new next step' },
        priority: blockOptions.priority,
        tag: { ...blockOptions.tag, describe: 'replace the tags (repeatable; --tag "" clears them)' },
        name: { ...blockOptions.name, describe: 'new unique name (--name "" clears it)' },
        cmd: blockOptions.cmd,
        timeout: { ...blockOptions.timeout, describe: 'new timeout, e.g. 30s (none: no timeout)' },
        retries: { ...blockOptions.retries, describe: 'new number of retries after a failure, 0-100' },
        'retry-delay': { ...blockOptions['retry-delay'], describe: 'new first retry delay, doubled each time, 0s-30d' },
        after: { ...blockOptions.after, describe: 'replace the dependencies with these ids or names (repeatable)' },
        'clear-deps': { type: 'boolean', describe: 'drop every dependency' },
      })
      .conflicts('after', 'clear-deps')
      .example('$0 edit 12 --priority high --tag urgent', 'move block 12 up and retag it')
      .example('$0 edit build --cmd "npm run build:prod" --timeout 10m', 'change the command of the block named build') as never,
  handler: async (argv) => {
    const edit = toEdit(argv);
    const block = await withQueue(argv, async (q) => (await import('../queue/edit.js')).editBlock(q.db, String(argv.ref), edit)).catch(asFlagError);
    process.stderr.write(`edited block #${block.id}\n`);
  },
};
