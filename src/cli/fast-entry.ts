/** The entry of the fast `add` bundle (dist/bundle/fast-add.cjs): true when it handled the command. */
import { tryFastAdd } from './fast-add.js';
import { runFastPath } from './fast-path.js';
import { STDIN_ARG } from './stdin-arg.js';

export function runFastAdd(argv: string[]): Promise<boolean> {
  return runFastPath(tryFastAdd, argv.map((a) => (a === '-' ? STDIN_ARG : a)));
}
