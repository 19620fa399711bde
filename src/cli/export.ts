/** `workblock export`: the queue and its history, versioned, for `workblock import` (NDJSON, or --json). */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';

interface ExportArgs extends GlobalArgs {
  json?: boolean;
  'include-secrets'?: boolean;
  output?: string;
}

/** A file that may hold secrets is created 0600, and never written through a symlink. */
function writeOutput(file: string, text: string): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export',
  describe: 'print the queue and history for `import` (NDJSON, or one JSON document with --json)',
  builder: (y) =>
    y
      .options({
        json: { type: 'boolean', describe: 'one JSON document instead of NDJSON' },
        'include-secrets': { type: 'boolean', describe: 'write secret env values instead of masking them (a file gets mode 0600)' },
        output: { alias: 'o', type: 'string', describe: 'write to this file (mode 0600) instead of stdout' },
      })
      .example('$0 export > backup.ndjson && $0 import backup.ndjson --db copy.db', 'copy the queue and its history')
      .example('$0 export --include-secrets -o full.json --json', 'with --env secrets, to a private file') as never,
  handler: async (argv) => {
    const includeSecrets = !!argv['include-secrets'];
    // Loaded here, not at the top: every other command would load it.
    const { exportDoc, exportLines } = await import('../schema/export-doc.js');
    const text = await withQueue(
      argv,
      async (q) => {
        const doc = exportDoc(await q.list({ all: true }), (await q.history()).reverse(), includeSecrets);
        return argv.json ? `${JSON.stringify(doc, null, 2)}\n` : exportLines(doc);
      },
      { readonly: true },
    );
    if (argv.output) return writeOutput(argv.output, text);
    // Secrets redirected into a file (`> full.json`): that file becomes private too.
    if (includeSecrets && fs.fstatSync(1).isFile()) fs.fchmodSync(1, 0o600);
    process.stdout.write(text);
  },
};
