/** The entry of the fast `execute` bundle (dist/bundle/fast-execute.cjs): true when it handled the command. */
import { tryFastExecute } from './fast-execute.js';
import { runFastPath } from './fast-path.js';
import { guardOutput } from '../worker/shutdown.js';

export function runFastExecute(argv: string[]): Promise<boolean> {
  guardOutput(); // as the full CLI does first: a closed pipe (`| head`) is not an error
  return runFastPath(tryFastExecute, argv);
}
