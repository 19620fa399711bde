/**
 * `workblock logs ID [--follow]`: a command block's full output, as the command wrote it: its stdout
 * (with a line where each attempt starts and ends) on stdout, its stderr on stderr.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { errFileFor, logFile } from '../runner/log-files.js';
import { withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface LogsArgs extends GlobalArgs {
  id: string;
  follow?: boolean;
}

/** Copies a file's bytes past offset `from` to `out`; returns the new offset. */
function copyFrom(file: string, from: number, out: NodeJS.WriteStream): number {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= from) return from;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    out.write(buf);
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
        const streams = [
          { file, out: process.stdout, offset: 0 },
          { file: errFileFor(file), out: process.stderr, offset: 0 },
        ];
        const copyNew = () => streams.forEach((s) => (s.offset = copyFrom(s.file, s.offset, s.out)));
        copyNew();
        if (!argv.follow) return;
        const isRunning = async () => (await q.list({ all: true })).some((b) => b.id === id && b.status === 'running');
        while (await isRunning()) {
          await sleep(200);
          copyNew();
        }
        copyNew();
      },
      { readonly: true },
    );
  },
};
