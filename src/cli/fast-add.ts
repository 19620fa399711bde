/**
 * `workblock add` runs on every planning step, so it skips building the full yargs instance: the same
 * options go through yargs-parser (yargs's own parser). Anything unusual (help, unknown flags, missing
 * task) returns false and the full CLI handles it, with its messages.
 */
import { runAdd, type AddArgs } from './add.js';
import { joinDashValues } from '../schema/flags.js';
import { blockOptions, VALUE_FLAGS } from './block-options.js';
import { MigrationNeeded } from '../db/migrate.js';
import { parseFast } from './fast-parse.js';

export async function tryFastAdd(argv: string[]): Promise<boolean> {
  if (argv[0] !== 'add') return false;
  // Every block option is text: the block schema reads numbers itself, with its own messages.
  const parsed = parseFast(joinDashValues(argv.slice(1), VALUE_FLAGS), blockOptions);
  if (!parsed || parsed.positionals.length < 1 || parsed.positionals.length > 4) return false;
  const [task, result, insight, next_step] = parsed.positionals;
  try {
    await runAdd({ ...(parsed.flags as unknown as AddArgs), task, result, insight, next_step }, { migrate: false });
  } catch (e) {
    if (e instanceof MigrationNeeded) return false; // a new or older database: the full CLI migrates it
    throw e;
  }
  return true;
}
