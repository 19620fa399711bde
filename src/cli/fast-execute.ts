/**
 * `workblock execute` starts on every sprint, cron tick and heartbeat, and four executors on one queue
 * pay four start-ups: so its usual forms skip building the full yargs instance and every other
 * command, as `add` does (fast-add.ts). Anything unusual is left to the full CLI, with its messages.
 */
import { executeOptions, runExecute, type ExecuteArgs } from './execute.js';
import { parseFast } from './fast-parse.js';

/** execute's arguments as yargs would give them to its handler, or null to leave them to the full CLI. */
export function parseFastExecute(argv: string[]): ExecuteArgs | null {
  if (argv[0] !== 'execute' && argv[0] !== 'exec') return null;
  const args = argv.slice(1);
  // Left to yargs: `-` and `--`, and values like -5 (which it may read as short options).
  if (args.some((a) => a === '-' || a === '--' || /^-[\d.]/.test(a))) return null;
  const parsed = parseFast(args, executeOptions);
  if (!parsed || parsed.positionals.length > 1) return null;
  return { ...(parsed.flags as ExecuteArgs), n: parsed.positionals[0] };
}

export async function tryFastExecute(argv: string[]): Promise<boolean> {
  const args = parseFastExecute(argv);
  if (!args) return false;
  await runExecute(args);
  return true;
}
