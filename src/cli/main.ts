/** The CLI entry: builds yargs, runs one command, and maps every error to one line and an exit code. */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { reportError } from './report-error.js';
import { packageVersion } from './version.js';
import { commands } from './commands.js';
import { STDIN_ARG } from './stdin-arg.js';
import { guardOutput } from '../worker/shutdown.js';
import { joinDashValues } from '../schema/flags.js';
import { VALUE_FLAGS } from './block-options.js';
import { closestCommand } from './suggest.js';
import { COMPLETION_SHELLS, completionCommand, HIDDEN_COMPLETION } from './completion.js';
import { globalOptions, type GlobalArgs } from './context.js';
import { booleansTakeNoValue } from './bare-flags.js';
import { runOptions } from './run.js';

/** Listed once, in `workblock --help`; each command's help leaves them out. */
const GLOBAL_OPTIONS = ['db', 'debug', 'version'];

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  guardOutput();
  try {
    const args = prepare(argv);
    // `--timeout -5s` reaches the block schema's range check instead of reading as options -5 -s.
    const cli: Argv = yargs(joinDashValues(args.map((a) => (a === '-' ? STDIN_ARG : a)), VALUE_FLAGS))
      .scriptName('workblock')
      .usage('$0 <command> [options]\n\nA work-block queue on SQLite: queue blocks while you plan, execute N of them later.')
      .parserConfiguration({ 'populate--': true })
      .options({ db: { ...globalOptions.db, global: true }, debug: { ...globalOptions.debug, global: true } })
      .command([...commands, completionCommand(() => cli)].map(withoutGlobalOptionsInHelp))
      // Answers the scripts' `--get-yargs-completions` calls; the visible command is completionCommand.
      .completion(HIDDEN_COMPLETION, false)
      .demandCommand(1, 'name a command: see `workblock --help`')
      .strict()
      .version(packageVersion())
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns || 100))
      .epilogue('Exit codes: 0 success, 1 a block or logger failed, 2 bad input or configuration.')
      .fail((msg, err) => {
        throw err ?? new UsageError(usageMessage(msg, args));
      });
    skipHelpPrerender(cli);
    await cli.parseAsync();
  } catch (e) {
    reportError(e, argv);
  }
}

/** The words that name a command: each module's first word and its aliases, and `completion`. */
function commandNames(): string[] {
  const modules = commands as Array<CommandModule<GlobalArgs, GlobalArgs>>;
  return ['completion', ...modules.flatMap((m) => [String(m.command).split(' ')[0], ...[m.aliases ?? []].flat()])];
}

/**
 * What yargs is given: bare `workblock` and `workblock help [command]` ask for help; `completion bash|zsh` picks the script's shell
 * (yargs reads it from $SHELL); a first word that is no command is refused here, with a suggestion
 * only when one is close.
 */
function prepare(argv: string[]): string[] {
  if (!argv.length) return ['--help'];
  const [first, second] = argv;
  if (first === 'help') return prepare([...argv.slice(1, 2), '--help']); // `workblock help list`, as git and npm take it
  if (first === 'completion' && second && COMPLETION_SHELLS[second]) {
    process.env.SHELL = COMPLETION_SHELLS[second];
  }
  if (first.startsWith('-')) return argv;
  const names = commandNames();
  if (!names.includes(first)) {
    const close = closestCommand(first, names);
    throw new UsageError(`unknown command "${first}": ${close ? `did you mean \`workblock ${close}\`?` : 'see `workblock --help` for the commands'}`);
  }
  // `run --parallel true false`: the arguments are commands, `true` and `false` included.
  if (first === 'run' && argv.some((a) => a === '--parallel' || a === '--sequential')) return [first, ...booleansTakeNoValue(argv.slice(1), { ...globalOptions, ...runOptions })];
  return argv;
}

/** yargs' messages, reworded where they name yargs' internals rather than what to do. */
function usageMessage(msg: string, args: string[]): string {
  const command = args.find((a) => !a.startsWith('-')) ?? '';
  if (/^Not enough non-option arguments/.test(msg)) return `\`workblock ${command}\` needs more arguments: see \`workblock ${command} --help\``;
  return `${msg.replace(/:?\s*\n\s*/g, ': ')}: see \`workblock ${command && !command.startsWith('-') ? `${command} ` : ''}--help\``;
}

/** Hides the global options in a command's own help: `workblock --help` lists them once. */
function withoutGlobalOptionsInHelp(module: CommandModule<GlobalArgs, GlobalArgs>): CommandModule<GlobalArgs, GlobalArgs> {
  const builder = module.builder;
  return {
    ...module,
    builder: (y: Argv<GlobalArgs>) => {
      const built = (typeof builder === 'function' ? builder(y) : builder ? y.options(builder) : y) as Argv<GlobalArgs>;
      for (const key of GLOBAL_OPTIONS) built.hide(key);
      return built.epilogue('Global options (--db, --debug, --version): see `workblock --help`.');
    },
  } as CommandModule<GlobalArgs, GlobalArgs>;
}

/**
 * yargs renders the whole help text after starting every command handler, in case the handler fails
 * and help is to be shown. Our fail() never shows help, and the rendering cost 46 ms of each command's
 * start-up (measured with --cpu-prof), so it is skipped. `--help` itself still renders normally.
 */
function skipHelpPrerender(cli: Argv): void {
  const internal = (cli as unknown as { getInternalMethods?: () => { getUsageInstance(): { cacheHelpMessage?: () => void } } }).getInternalMethods;
  const usage = internal?.call(cli).getUsageInstance();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => undefined;
}
