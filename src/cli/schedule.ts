/** `workblock schedule add|list|remove`: blocks queued every interval or on a cron expression, by each execute. */
import { printJson } from '../format/output.js';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { parseCron } from '../queue/cron.js';
import { checkTemplateName } from '../store/templates.js';
import type { NewBlock } from '../queue/types.js';
import { validateNewBlock } from '../queue/validate.js';
import type { Schedule } from '../store/schedules.js';
import { blockOptions, toNewBlock, type BlockArgs } from './block-options.js';
import { withQueue, type GlobalArgs } from './context.js';
import { redactedCommand } from '../redact.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';
import { printScheduleList } from '../format/named-lists.js';

interface ScheduleArgs extends GlobalArgs, BlockArgs, FormatArgs {
  name?: string;
  args?: string[];
  every?: string;
  cron?: string;
  template?: string;
  'catch-up'?: string;
  json?: boolean;
}

const { priority, tag, cmd, cwd, env, retries, timeout } = blockOptions;
const addOptions = {
  every: { type: 'string', describe: 'queue one every DURATION (slots at multiples since the epoch, UTC), e.g. 1h' },
  cron: { type: 'string', describe: 'queue one at each match of a 5-field cron expression (local time), e.g. "0 9 * * 1"' },
  template: { type: 'string', describe: 'the block comes from this template; ARGS fill its placeholders' },
  'catch-up': { type: 'string', choices: ['latest', 'all'], describe: 'after missed slots: queue only the latest (default) or each (max 100)' },
  priority,
  tag,
  cmd,
  cwd,
  env,
  // Said plainly: occurrences are queued with these as given, not with the queue's config (as `add` is).
  retries: { ...retries, describe: 'retries after a failure, 0-100 (default 0; config retries does not apply to schedules)' },
  'retry-delay': { ...blockOptions['retry-delay'], describe: 'first retry delay, doubled each time, 0s-30d (default 1 s; config retry_delay does not apply)' },
  timeout: { ...timeout, describe: 'kill the command after this long, 1ms-30d, e.g. 30s (default none; config timeout does not apply)' },
} as const;

async function scheduleBlock(argv: ScheduleArgs, name: string, loadTemplate: (n: string) => Promise<import('../store/templates.js').Template>): Promise<NewBlock> {
  const args = (argv.args ?? []).map(String);
  if (argv.template === undefined) {
    if (argv.cmd === undefined) throw new UsageError('a schedule needs a command: give --cmd "..." or --template NAME');
    if (args.length) throw new UsageError('arguments after the schedule name are for --template: drop them or use --template');
    // argv.name is the schedule's name: occurrences must not share a unique block name.
    return toNewBlock({ ...argv, name: undefined }, { task: name });
  }
  const { blockFromTemplate, templateOverrides } = await import('./add-template.js');
  const over = templateOverrides(argv);
  return blockFromTemplate(await loadTemplate(argv.template), args, over);
}

/** 3600000 → "1h": the largest unit that divides the interval evenly. */
function intervalText(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function recurrenceText(s: Schedule): string {
  return s.cron !== null ? `cron ${s.cron}` : `every ${intervalText(s.everyMs ?? 0)}`;
}

const subcommands = (y: Argv<GlobalArgs>) =>
  y
    .command<ScheduleArgs>(
      'add <name> [args..]',
      'add a schedule (--every or --cron, with --cmd or --template)',
      (s) =>
        s
          .positional('name', { type: 'string' })
          .positional('args', { type: 'string', array: true, describe: 'template arguments' })
          .options(addOptions)
          .example('$0 schedule add backup --every 1d --cmd "restic backup ~"', 'every day at 00:00 UTC')
          .example('$0 schedule add report --cron "0 9 * * 1" --template report weekly', 'Mondays 09:00 local time, from a template') as never,
      async (argv) => {
        const name = checkTemplateName(String(argv.name), 'schedule');
        if ((argv.every === undefined) === (argv.cron === undefined)) throw new UsageError('give a schedule either --every DURATION or --cron "M H DOM MON DOW"');
        const everyMs = argv.every === undefined ? undefined : parseDurationMs(argv.every, '--every');
        if (everyMs !== undefined && everyMs < 1000) throw new UsageError('--every must be at least 1s: e.g. 1h');
        if (argv.cron !== undefined) parseCron(argv.cron);
        await withQueue(argv, async (q) => {
          const block = await scheduleBlock(argv, name, (t) => q.template(t));
          validateNewBlock(block);
          await q.addSchedule({ name, everyMs, cron: argv.cron, catchUp: (argv['catch-up'] ?? 'latest') as 'latest' | 'all', block });
        });
      },
    )
    .command<ScheduleArgs>('list', 'list schedules and when each next falls', (s) => s.options(formatOptions).example('$0 schedule list --json', 'with next_at, the time each falls next') as never, async (argv) => {
      const format = outputFormat(argv);
      const all = await withQueue(argv, (q) => q.listSchedules(), { readonly: true });
      if (format === 'json') {
        const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
        const view = all.map((s) => ({ name: s.name, every_ms: s.everyMs, cron: s.cron, catch_up: s.catchUp, task: s.block.task, command: s.block.command ? redactedCommand(s.block.command, s.block.env) : null, last_slot: iso(s.lastSlot), next_at: iso(s.nextAt), created_at: iso(s.createdAt) }));
        return printJson(view);
      }
      printScheduleList(all.map((s) => ({ name: s.name, recurrence: recurrenceText(s), nextAt: s.nextAt, task: s.block.task })), format);
    })
    .command<ScheduleArgs>('remove <name>', 'remove a schedule (blocks it queued stay queued)', (s) => s.positional('name', { type: 'string' }).example('$0 schedule remove backup', 'stop queuing it') as never, async (argv) => {
      await withQueue(argv, (q) => q.removeSchedule(String(argv.name)));
    })
    .demandCommand(1, 'name a schedule action: add, list or remove')
    .example('$0 schedule add backup --every 1d --cmd "restic backup ~"', 'every day at 00:00 UTC')
    .example('$0 schedule add weekly-report --cron "0 9 * * 1" --template report weekly', 'Mondays 09:00 local time, from a template')
    .example('$0 schedule list', 'when each schedule runs next');

export const scheduleCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'schedule',
  describe: 'recurring blocks: each execute queues the occurrences that came due',
  builder: subcommands as never,
  handler: () => undefined,
};
