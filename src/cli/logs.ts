/**
 * `workblock logs ID [--follow]`: a command block's full output, as the command wrote it: its stdout
 * (with a line where each attempt starts and ends) on stdout, its stderr on stderr.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { errFileFor, logFile } from '../runner/log-files.js';
import { redactText } from '../redact.js';
import { withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface LogsArgs extends GlobalArgs {
  id: string;
  follow?: boolean;
}

/**
 * Copies a file's bytes past offset `from` to `out`, secrets masked; returns the new offset. Until
 * `final`, only whole lines are copied, so a secret is never split between two reads and masking
 * sees it whole. Masking at read time, with the block's env from the database, covers a command still
 * running; a finished command's files were already masked when it ended (runner/mask-log-file.ts).
 */
function copyFrom(file: string, from: number, out: NodeJS.WriteStream, env: Record<string, string>, final: boolean): number {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= from) return from;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UsageError(`refusing to read ${file}: it is a symbolic link (remove it)`);
    throw e;
  }
  try {
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    const upto = final ? buf.length : buf.lastIndexOf(0x0a) + 1;
    if (upto > 0) out.write(redactText(buf.subarray(0, upto).toString('utf8'), env));
    return from + upto;
  } finally {
    fs.closeSync(fd);
  }
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
        const current = async () => (await q.list({ all: true })).find((b) => b.id === id);
        // A block in history no longer has its env; its files were masked when its command ended.
        const env = (await current())?.env ?? {};
        const copyNew = (final: boolean) => streams.forEach((s) => (s.offset = copyFrom(s.file, s.offset, s.out, env, final)));
        if (!argv.follow) return copyNew(true);
        while ((await current())?.status === 'running') {
          copyNew(false);
          await sleep(200);
        }
        copyNew(true);
      },
      { readonly: true },
    );
  },
};
