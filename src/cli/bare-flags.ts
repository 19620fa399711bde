/**
 * yargs reads a `true` or `false` right after a boolean flag as that flag's value. Where the
 * arguments are commands (`run --parallel true false`), that swallowed a command without a word: run
 * ran `false` alone. Each bare boolean flag before such an argument is written here as
 * `--flag=true` (`--no-flag` as `--flag=false`), so the argument stays an argument; `--flag=false`
 * still sets a flag false.
 */
import type { OptionSpec } from './fast-parse.js';

export function booleansTakeNoValue(args: string[], options: Record<string, OptionSpec>): string[] {
  const explicit = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'boolean') continue;
    explicit.set(`--${name}`, `--${name}=true`);
    explicit.set(`--no-${name}`, `--${name}=false`);
    if (o.alias) explicit.set(`-${o.alias}`, `--${name}=true`);
  }
  const end = args.includes('--') ? args.indexOf('--') : args.length; // (after `--` nothing is a flag)
  return args.map((a, i) => (i < end && explicit.has(a) && /^(true|false)$/.test(args[i + 1] ?? '') ? explicit.get(a)! : a));
}
