/**
 * A block's pre-flight check, run by the same spawn as its command: a fixed /bin/sh script receives the
 * check and the command as positional parameters (never pasted into its text), runs the check with its
 * output on stderr, and only if it exits 0 `exec`s the command, so the command keeps the process group,
 * signals and timeout it would have had. A failed check fails the attempt like a failed command, so it
 * is retried with the block's backoff; the error's last line says "check failed".
 */
import type { Command } from '../command.js';

/** 125, as `env` and `git bisect run` use it: the command itself was never run. */
export const CHECK_FAILED_EXIT = 125;

const SCRIPT = `check=$1; shift; /bin/sh -c "$check" >&2 || { printf 'check failed: %s\\n' "$check" >&2; exit ${CHECK_FAILED_EXIT}; }; exec "$@"`;

export function withPreflight(command: Command, check: string): Command {
  const run = 'shell' in command ? ['/bin/sh', '-c', command.shell] : command.argv;
  return { argv: ['/bin/sh', '-c', SCRIPT, 'workblock-check', check, ...run] };
}
