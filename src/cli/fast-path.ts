/** Runs a fast path (fast-add.ts, fast-execute.ts): true when it handled the command, with errors reported as the full CLI reports them. */
import { reportError } from './report-error.js';

export async function runFastPath(tryFast: (argv: string[]) => Promise<boolean>, argv: string[]): Promise<boolean> {
  try {
    return await tryFast(argv);
  } catch (e) {
    reportError(e, argv);
    return true;
  }
}
