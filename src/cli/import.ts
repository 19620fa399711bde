/** `workblock import FILE`: queue a file of blocks, including the legacy batch-tasks.json. */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { importEntries, parseImport } from '../queue/import.js';
import { withQueue, type GlobalArgs } from './context.js';

interface ImportArgs extends GlobalArgs {
  file: string;
}

export function readInputFile(file: string): string {
  try {
    if (fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a directory: give a file`);
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file} not found: check the path` : `cannot read ${file} (${code}): check its permissions`);
  }
}

export const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <file>',
  describe: 'queue blocks from a JSON/NDJSON file (also the legacy batch-tasks.json)',
  builder: (y) => y.positional('file', { type: 'string' }).example('$0 import batch-tasks.json', 'migrate from the legacy JSON queue') as never,
  handler: async (argv) => {
    const entries = parseImport(readInputFile(argv.file), argv.file);
    const { queued, history } = await withQueue(argv, (q) => importEntries(q.db, entries));
    process.stdout.write(`${queued}\n`);
    process.stderr.write(`imported ${queued} pending block(s) and ${history} completed one(s) into history\n`);
  },
};
