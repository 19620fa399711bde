/** What bin/workblock.js runs: the fast path for `add`, else the full yargs CLI (loaded only then). */
import { reportError } from './report-error.js';
import { STDIN_ARG } from './stdin-arg.js';

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  try {
    if (argv[0] === 'add' && (await (await import('./fast-add.js')).tryFastAdd(argv.map((a) => (a === '-' ? STDIN_ARG : a))))) return;
  } catch (e) {
    return reportError(e, argv);
  }
  const { main } = await import('./main.js');
  await main(argv);
}
