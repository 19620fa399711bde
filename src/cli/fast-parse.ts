/**
 * The fast paths' parser (fast-add.ts, fast-execute.ts): a command's own option definitions through
 * yargs-parser, the parser yargs itself uses, without building the full yargs instance and every
 * other command. null for anything left to the full CLI, whose messages answer it: help, a version,
 * a flag the command does not know.
 */
import yargsParser from 'yargs-parser';
import { globalOptions } from './context.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  alias?: string;
  array?: boolean;
}

export interface FastArgs {
  positionals: string[];
  flags: Record<string, unknown>;
}

export function parseFast(args: string[], options: Record<string, OptionSpec>): FastArgs | null {
  if (args.some((a) => a === '--help' || a === '-h' || a === '--version')) return null;
  const spec: Array<[string, OptionSpec]> = Object.entries({ ...globalOptions, ...options });
  const names = (want: (o: OptionSpec) => boolean) => spec.filter(([, o]) => want(o)).map(([n]) => n);
  const parsed = yargsParser(args, {
    // Positionals stay text, as yargs gives a `type: 'string'` positional (`1e3` is not 1000).
    configuration: { 'populate--': true, 'camel-case-expansion': false, 'strip-aliased': true, 'parse-positional-numbers': false },
    string: names((o) => o.type === 'string'),
    boolean: names((o) => o.type === 'boolean'),
    array: names((o) => !!o.array),
    alias: Object.fromEntries(spec.filter(([, o]) => o.alias).map(([n, o]) => [n, o.alias!])),
  });
  const known = new Set(['_', '--', ...spec.flatMap(([n, o]) => [n, ...(o.alias ? [o.alias] : [])])]);
  if (Object.keys(parsed).some((k) => !known.has(k))) return null;
  return { positionals: parsed._.map(String), flags: parsed };
}
