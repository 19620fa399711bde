/**
 * `workblock add` runs on every planning step, so it skips building the full yargs instance: the same
 * options go through yargs-parser (yargs's own parser). Anything unusual (help, unknown flags, missing
 * task) returns false and the full CLI handles it, with its messages.
 */
import yargsParser from 'yargs-parser';
import { runAdd, type AddArgs } from './add.js';
import { joinDashValues } from '../schema/flags.js';
import { blockOptions, VALUE_FLAGS } from './block-options.js';
import { MigrationNeeded } from '../db/migrate.js';

const spec = Object.entries(blockOptions);
const known = new Set(['_', '--', 'db', 'debug', ...spec.flatMap(([name, o]) => [name, ...('alias' in o ? [o.alias] : [])])]);

export async function tryFastAdd(argv: string[]): Promise<boolean> {
  if (argv[0] !== 'add' || argv.some((a) => a === '--help' || a === '-h' || a === '--version')) return false;
  const parsed = yargsParser(joinDashValues(argv.slice(1), VALUE_FLAGS), {
    configuration: { 'populate--': true, 'camel-case-expansion': false, 'strip-aliased': true },
    // Every block option is text: the block schema reads numbers itself, with its own messages.
    string: ['db', ...spec.map(([n]) => n)],
    boolean: ['debug'],
    array: spec.filter(([, o]) => 'array' in o).map(([n]) => n),
    alias: Object.fromEntries(spec.filter(([, o]) => 'alias' in o).map(([n, o]) => [n, (o as { alias: string }).alias])),
  });
  const positionals = parsed._.map(String);
  if (positionals.length < 1 || positionals.length > 4 || Object.keys(parsed).some((k) => !known.has(k))) return false;
  const [task, result, insight, next_step] = positionals;
  try {
    await runAdd({ ...(parsed as unknown as AddArgs), task, result, insight, next_step }, { migrate: false });
  } catch (e) {
    if (e instanceof MigrationNeeded) return false; // a new or older database: the full CLI migrates it
    throw e;
  }
  return true;
}
