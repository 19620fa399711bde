/** One place maps errors to a single stderr line and an exit code: 2 usage, 1 runtime; stack only with --debug. */
import { coerceError, UsageError } from '../errors.js';

function debugWanted(argv: string[]): boolean {
  return argv.includes('--debug') || process.env.WORKBLOCK_DEBUG === '1';
}

export function reportError(e: unknown, argv: string[]): void {
  const err = coerceError(e);
  process.stderr.write(`workblock: ${err.message.split('\n')[0]}\n`);
  if (debugWanted(argv)) process.stderr.write(`${err.stack}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
