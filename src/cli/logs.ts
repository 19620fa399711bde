/** `workblock logs ID [--follow]`: a command block's full output. */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { logFile } from '../exec/log-files.js';
import { withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface LogsArgs extends GlobalArgs {
  id: string;
  follow?: boolean;
}

/** Copies bytes from `from` to stdout; returns the new offset. */
function copyFrom(file: string, from: number): number {
  const size = fs.statSync(file).size;
  if (size <= from) return from;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    process.stdout.write(buf);
  } finally {
    fs.closeSync(fd);
  }
  return size;
}

export const logsCommand: CommandModule<GlobalArgs, LogsArgs> = {
  command: 'logs <id>',
  describe: "print a command block's output (--follow tails a running one)",
  builder: (y) =>
    y
      .positional('id', { type: 'string', describe: 'block id' })
      .option('follow', { alias: 'f', type: 'boolean', describe: 'keep printing while the block runs' })
      .example('$0 logs 12 --follow', 'watch block 12') as never,
  handler: async (argv) => {
    const id = positiveInt(argv.id, 'ID');
    await withQueue(
      argv,
      async (q) => {
        const file = logFile(q.dataDir, id);
        if (!fs.existsSync(file)) throw new UsageError(`no output for block #${id}: only command blocks that ran have logs`);
        let offset = copyFrom(file, 0);
        if (!argv.follow) return;
        const isRunning = async () => (await q.list({ all: true })).some((b) => b.id === id && b.status === 'running');
        while (await isRunning()) {
          await sleep(200);
          offset = copyFrom(file, offset);
        }
        copyFrom(file, offset);
      },
      { readonly: true },
    );
  },
};
