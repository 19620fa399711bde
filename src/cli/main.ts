/** The CLI entry: builds yargs, runs one command, and maps every error to one line and an exit code. */
import { createRequire } from 'node:module';
import yargs from 'yargs';
import { coerceError, RuntimeFailure, UsageError } from '../errors.js';
import { commands } from './commands.js';
import { STDIN_ARG } from './stdin-arg.js';

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

function debugWanted(argv: string[]): boolean {
  return argv.includes('--debug') || process.env.WORKBLOCK_DEBUG === '1';
}

/** One line on stderr, exit 2 for usage errors and 1 for runtime failures; stack only with --debug. */
export function reportError(e: unknown, argv: string[]): void {
  const err = coerceError(e);
  const code = err instanceof UsageError ? 2 : err instanceof RuntimeFailure ? 1 : 1;
  const line = err.message.split('\n')[0];
  process.stderr.write(`workblock: ${line}\n`);
  if (debugWanted(argv)) process.stderr.write(`${err.stack}\n`);
  process.exitCode = code;
}


export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const cli = yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
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
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 a block or logger failed, 2 bad input or configuration.')
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg}: see \`workblock --help\``);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    reportError(e, argv);
  }
}
