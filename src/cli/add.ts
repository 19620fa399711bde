/** `workblock add`: queue one block (id on stdout, nothing else) or many from standard input. */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { asFlagError, lineDefaults } from '../schema/flags.js';
import { parseRunAt } from '../format/when.js';
import { blockOptions, toNewBlock, type BlockArgs } from './block-options.js';
import { withQueue, type GlobalArgs } from './context.js';
import { parseInputLines } from './input-lines.js';
import { STDIN_ARG } from './stdin-arg.js';

export interface AddArgs extends GlobalArgs, BlockArgs {
  task?: string;
  template?: string;
  result?: string;
  insight?: string;
  next_step?: string;
}

/** `migrate: false` is the fast path's: it cannot import migrations, so it declines (throws) first. */
export async function runAdd(argv: AddArgs, opts: { migrate?: boolean } = {}): Promise<void> {
  if (argv.template !== undefined) return addFromTemplate(argv);
  if (argv.task === undefined) throw new UsageError('add needs a task: workblock add "what to do" (or `add -` to read tasks from standard input)');
  if (argv.task === STDIN_ARG) return addFromStdin(argv, opts);
  const block = toNewBlock(argv, { task: String(argv.task ?? ''), result: argv.result, insight: argv.insight, next_step: argv.next_step });
  const { ids } = await withQueue(argv, (q) => q.add(block), opts).catch(asFlagError);
  // A direct write: initialising process.stdout loads the stream machinery, ~5 ms of every add.
  fs.writeSync(1, `${ids[0]}\n`);
}

/** Not on the fast path: the fast path declines --template (an option it does not know). */
async function addFromTemplate(argv: AddArgs): Promise<void> {
  const { blockFromTemplate, templateOverrides } = await import('./add-template.js');
  const args = [argv.task, argv.result, argv.insight, argv.next_step].filter((a): a is string => a !== undefined).map(String);
  if (args.includes(STDIN_ARG)) throw new UsageError('add --template takes its arguments on the command line, not from standard input: drop -');
  const over = templateOverrides(argv);
  const { ids } = await withQueue(argv, async (q) => q.add(blockFromTemplate(await q.template(String(argv.template)), args, over)));
  fs.writeSync(1, `${ids[0]}\n`);
}

async function addFromStdin(argv: AddArgs, opts: { migrate?: boolean }): Promise<void> {
  if (argv.result !== undefined) throw new UsageError('`add -` reads every field from standard input: drop the extra arguments');
  // Options on the command line apply to every line that does not set them itself.
  const defaults = lineDefaults(argv, process.cwd());
  // --at / --in hold every line back alike (a line has no not-before key of its own).
  const runAt = parseRunAt(argv.at, argv.in);
  // The queue opens before standard input is read, so a path that must decline does so with it unread.
  const { ids } = await withQueue(
    argv,
    (q) => {
      const lines = parseInputLines(fs.readFileSync(0, 'utf8'), { cwd: process.cwd() }, defaults);
      if (!lines.length) throw new UsageError('no tasks on standard input: pipe one task per line or NDJSON objects');
      return q.add(lines.map((l) => (runAt === undefined ? l.block : { ...l.block, runAt })), (i) => `line ${lines[i].line}: `);
    },
    opts,
  );
  // Ids on stdout, one a line, for scripts; the count on stderr for people.
  process.stdout.write(ids.map((id) => `${id}\n`).join('')); // a stream: thousands of ids may fill a pipe
  process.stderr.write(`added ${ids.length} blocks (#${ids[0]}..#${ids[ids.length - 1]})\n`);
}

/** A command block that leaves these unsaid takes the queue's `config set` default (Queue.add), so `add --help` says so. */
const CONFIG_DEFAULTS_HELP = {
  retries: { ...blockOptions.retries, describe: 'retries after a failure, 0-100 (default: config retries, else 0)' },
  'retry-delay': { ...blockOptions['retry-delay'], describe: 'first retry delay, doubled each time, 0s-30d (default: config retry_delay, else 1s)' },
  timeout: { ...blockOptions.timeout, describe: 'kill the command after this long, 1ms-30d, e.g. 30s (default: config timeout, else none)' },
} as const;

export const addCommand: CommandModule<GlobalArgs, AddArgs> = {
  // task is optional only so that `add --template NAME` needs no arguments; a missing task is refused below.
  command: 'add [task] [result] [insight] [next_step]',
  describe: 'queue a work block (prints its id); `add -` reads tasks from stdin',
  builder: (y) =>
    y
      .positional('task', { type: 'string', describe: 'what to do (or - to read lines/NDJSON from stdin)' })
      .positional('result', { type: 'string' })
      .positional('insight', { type: 'string' })
      .positional('next_step', { type: 'string' })
      .options({ ...blockOptions, ...CONFIG_DEFAULTS_HELP })
      .option('template', { type: 'string', describe: 'queue template NAME; the positional arguments fill its {1}, {2}, {name} (name=VALUE)' })
      .example('$0 add "write the release notes" --priority high --tag docs', 'queue a block')
      .example('$0 add "run tests" --cmd "npm test" --timeout 5m --retries 2', 'queue a command')
      .example('grep -rn TODO src | $0 add - --tag todo', 'one block per line of input')
      .example('$0 add --template deploy v1.2 env=prod --in 2h', 'a block from a template, in two hours') as never,
  handler: runAdd,
};
