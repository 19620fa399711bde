/** `workblock import FILE`: a workblock export, the legacy batch-tasks.json, or NDJSON blocks; twice adds nothing. */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
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
  describe: 'queue blocks and history from a workblock export, batch-tasks.json or NDJSON (- for stdin)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'the file to read' })
      .example('$0 export --json > backup.json && $0 import backup.json --db other.db', 'copy a queue and its history')
      .example('$0 import batch-tasks.json', 'migrate from the legacy JSON queue') as never,
  handler: async (argv) => {
    const file = String(argv.file);
    const stdin = file.startsWith('\0');
    // Loaded here, not at the top: every other command would load them (and node:crypto with them).
    const [{ importEntries }, { parseImportFile }] = await Promise.all([import('../queue/import.js'), import('../schema/import-file.js')]);
    const parsed = parseImportFile(stdin ? fs.readFileSync(0, 'utf8') : readInputFile(file), stdin ? 'stdin' : file, { cwd: process.cwd(), checkedDirs: new Map() });
    const r = await withQueue(argv, (q) => importEntries(q.db, parsed));
    process.stdout.write(`${r.queued}\n`);
    const skipped = r.skipped ? `; ${r.skipped} entr${r.skipped === 1 ? 'y was' : 'ies were'} imported before and skipped` : '';
    const remapped = r.remapped.length ? `; ids taken here got new ones: ${r.remapped.slice(0, 5).map(([a, b]) => `#${a} -> #${b}`).join(', ')}${r.remapped.length > 5 ? ', ...' : ''}` : '';
    if (!r.queued && !r.history && r.skipped) process.stderr.write(`nothing new: all ${r.skipped} entries were imported before\n`);
    else process.stderr.write(`imported ${r.queued} queued block(s) and ${r.history} history entr${r.history === 1 ? 'y' : 'ies'}${skipped}${remapped}\n`);
  },
};
