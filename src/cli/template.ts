/** `workblock template add|list|show|remove`: named blocks with placeholders, queued with `add --template NAME ARGS`. */
import { printJson } from '../format/output.js';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { redactedCommand, redactEnv } from '../redact.js';
import { checkShellTemplate } from '../queue/template-fill.js';
import type { Template, TemplateBlock } from '../store/templates.js';
import { blockOptions, toNewBlock, type BlockArgs } from './block-options.js';
import { withQueue, type GlobalArgs } from './context.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';
import { printTemplateList } from '../format/named-lists.js';
import { visibleLine } from '../format/terminal-text.js';
import { shortDuration } from '../format/time.js';

interface TemplateArgs extends GlobalArgs, BlockArgs, FormatArgs {
  name?: string;
  replace?: boolean;
  json?: boolean;
}

const { priority, tag, cmd, cwd, env, retries, timeout } = blockOptions;
// Left unset, they are the queue's config (config set retries|retry_delay|timeout) when a block is queued.
const templateOptions = {
  priority,
  tag,
  cmd,
  cwd,
  env,
  retries: { ...retries, describe: 'retries after a failure, 0-100 (default: config retries when a block is queued, else 0)' },
  'retry-delay': { ...blockOptions['retry-delay'], describe: 'first retry delay, doubled each time, 0s-30d (default: config retry_delay when a block is queued, else 1s)' },
  timeout: { ...timeout, describe: 'kill the command after this long, 1ms-30d, e.g. 30s (default: config timeout when a block is queued, else none)' },
};

/** The block a template keeps; cwd only when given, so by default a block runs where `add` was run. */
export function templateBlock(argv: TemplateArgs): TemplateBlock {
  if (argv.cmd === undefined) throw new UsageError('a template needs a command: add --cmd "..." or --cmd -- prog args');
  const b = toNewBlock(argv, { task: 'template' });
  const command = b.command && 'shell' in b.command ? { shell: checkShellTemplate(b.command.shell) } : b.command;
  return {
    command,
    cwd: argv.cwd === undefined ? null : path.resolve(argv.cwd),
    env: b.env,
    timeoutMs: b.timeoutMs,
    maxRetries: b.maxRetries,
    retryDelayMs: b.retryDelayMs,
    tags: b.tags,
    priority: b.priority,
  };
}

function shown(t: Template): Record<string, unknown> {
  const b = t.block;
  return { name: t.name, command: b.command ? redactedCommand(b.command, b.env) : null, cwd: b.cwd ?? null, env: redactEnv(b.env ?? {}), timeout_ms: b.timeoutMs ?? null, max_retries: b.maxRetries ?? 0, retry_delay_ms: b.retryDelayMs ?? null, tags: b.tags ?? [], priority: b.priority ?? 0, created_at: new Date(t.createdAt).toISOString() };
}

/** A person reads "timeout: 5 min", not "timeout_ms: 300000" (as `show` prints a block; JSON keeps ms). */
function readableField(key: string, value: unknown): string {
  if (key.endsWith('_ms')) return `${key.slice(0, -3)}: ${value === null ? 'unset (the queue\'s config when a block is queued)' : shortDuration(Number(value))}`;
  return `${key}: ${visibleLine(typeof value === 'string' ? value : JSON.stringify(value))}`;
}

function commandText(t: Template): string {
  const c = t.block.command && redactedCommand(t.block.command, t.block.env);
  return !c ? '' : 'shell' in c ? c.shell : `-- ${c.argv.join(' ')}`;
}

const subcommands = (y: Argv<GlobalArgs>) =>
  y
    .command<TemplateArgs>(
      'add <name>',
      'save a template (--cmd \'shell using "$1"\' or --cmd -- prog {1} {name})',
      (s) =>
        s
          .positional('name', { type: 'string' })
          .options({ ...templateOptions, replace: { type: 'boolean', describe: 'overwrite an existing template' } })
          .example('$0 template add deploy --timeout 10m --cmd -- ./deploy.sh --env {env} {1}', 'argv template: {1} and {env} fill argv values')
          .example('$0 template add greet --cmd \'echo "hello $1"\'', 'shell template: arguments arrive as "$1", "$2"') as never,
      async (argv) => {
        const block = templateBlock(argv);
        await withQueue(argv, (q) => q.saveTemplate(String(argv.name), block, !!argv.replace));
      },
    )
    .command<TemplateArgs>('list', 'list templates', (s) => s.options(formatOptions).example('$0 template list --json', 'every template as JSON') as never, async (argv) => {
      const format = outputFormat(argv);
      const all = await withQueue(argv, (q) => q.listTemplates(), { readonly: true });
      if (format === 'json') return printJson(all.map(shown));
      printTemplateList(all.map((t) => ({ name: t.name, command: commandText(t) })), format);
    })
    .command<TemplateArgs>('show <name>', 'show one template', (s) => s.positional('name', { type: 'string' }).option('json', { type: 'boolean', describe: 'print JSON' }).example('$0 template show deploy', 'its command, env (secrets masked) and options') as never, async (argv) => {
      const t = await withQueue(argv, (q) => q.template(String(argv.name)), { readonly: true });
      const view = shown(t);
      if (argv.json) return printJson(view);
      for (const [k, v] of Object.entries(view)) process.stdout.write(`${readableField(k, v)}\n`);
    })
    .command<TemplateArgs>('remove <name>', 'remove a template', (s) => s.positional('name', { type: 'string' }).example('$0 template remove deploy', 'blocks already queued from it stay queued') as never, async (argv) => {
      await withQueue(argv, (q) => q.removeTemplate(String(argv.name)));
    })
    .demandCommand(1, 'name a template action: add, list, show or remove')
    .example('$0 template add deploy --timeout 10m --cmd -- ./deploy.sh --env {env} {1}', 'argv template: {1} and {env} fill argv values')
    .example('$0 add --template deploy v1.2 env=prod', 'queue ./deploy.sh --env prod v1.2')
    .example('$0 template add greet --cmd \'echo "hello $1"\'', 'shell template: arguments arrive as "$1", "$2"');

export const templateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'template',
  describe: 'save, list, show or remove block templates (queue one with add --template)',
  builder: subcommands as never,
  handler: () => undefined,
};
