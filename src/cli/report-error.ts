/** One place maps errors to a single stderr line and an exit code: 2 usage, 1 runtime; stack only with --debug. */
import { coerceError, UsageError } from '../errors.js';
import { visibleLine } from '../format/terminal-text.js';

function debugWanted(argv: string[]): boolean {
  return argv.includes('--debug') || process.env.WORKBLOCK_DEBUG === '1';
}

export function reportError(e: unknown, argv: string[]): void {
  const err = coerceError(e);
  // Messages quote user input (a task, a name): its control characters must not reach the terminal.
  process.stderr.write(`workblock: ${visibleLine(err.message.split('\n')[0])}\n`);
  if (debugWanted(argv)) process.stderr.write(`${err.stack}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
