/** The CLI entry: builds yargs, runs one command, and maps every error to one line and an exit code. */
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { reportError } from './report-error.js';
import { packageVersion } from './version.js';
import { commands } from './commands.js';
import { STDIN_ARG } from './stdin-arg.js';
import { guardOutput } from '../worker/shutdown.js';
import { joinDashValues } from '../schema/flags.js';
import { VALUE_FLAGS } from './block-options.js';

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  guardOutput();
  // `--timeout -5s` reaches the block schema's range check instead of reading as options -5 -s.
  const cli = yargs(joinDashValues(argv.map((a) => (a === '-' ? STDIN_ARG : a)), VALUE_FLAGS))
    .scriptName('workblock')
    .usage('$0 <command> [options]\n\nA work-block queue on SQLite: queue blocks while you plan, execute N of them later.')
    .parserConfiguration({ 'populate--': true })
    .options({
      db: { type: 'string', global: true, describe: 'database file (default $WORKBLOCK_DB or ./data/workblocks.db)' },
      debug: { type: 'boolean', global: true, describe: 'show stack traces for errors' },
    })
    .command(commands)
    .demandCommand(1, 'name a command: see `workblock --help`')
    .recommendCommands()
    .strict()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 a block or logger failed, 2 bad input or configuration.')
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg}: see \`workblock --help\``);
    });
  skipHelpPrerender(cli);
  try {
    await cli.parseAsync();
  } catch (e) {
    reportError(e, argv);
  }
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
