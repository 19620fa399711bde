/** The entry of the fast `add` bundle (dist/bundle/fast-add.cjs): true when it handled the command. */
import { tryFastAdd } from './fast-add.js';
import { reportError } from './report-error.js';
import { STDIN_ARG } from './stdin-arg.js';

export async function runFastAdd(argv: string[]): Promise<boolean> {
  try {
    return await tryFastAdd(argv.map((a) => (a === '-' ? STDIN_ARG : a)));
  } catch (e) {
    reportError(e, argv);
    return true;
  }
}
