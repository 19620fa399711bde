/**
 * Where a command block's output lives, and reading it back. Each block has data/logs/ID.log (stdout,
 * with a line where each attempt starts and ends), data/logs/ID.err (stderr, only if there was any)
 * and data/logs/ID.order (where the command switched between the two, only if it did; see
 * output-order.ts), all 0600. Files rather than a pipe: the command writes straight to them, and a
 * pipe per command cost about 1 ms of its launch (measured), while stderr still has a tail of its own.
 */
import fs from 'node:fs';
import path from 'node:path';

export function logFile(dataDir: string, id: number): string {
  return path.join(dataDir, 'logs', `${id}.log`);
}

/** The stderr file beside a block's log file. */
export function errFileFor(log: string): string {
  return log.replace(/\.log$/, '.err');
}

/** The file beside a block's log file that says in which order stdout and stderr were written. */
export function orderFileFor(log: string): string {
  return log.replace(/\.log$/, '.order');
}

/** Every file a block's output may have left. */
export function outputFilesFor(log: string): string[] {
  return [log, errFileFor(log), orderFileFor(log)];
}

const TAIL_BYTES = 65_536;

/** The last `lines` lines of an open file after offset `from`; reads at most the last 64 KiB. */
export function readTailOf(fd: number, lines = 20, from = 0): string {
  const size = fs.fstatSync(fd).size;
  const length = Math.max(0, Math.min(size - from, TAIL_BYTES));
  if (!length) return '';
  const buf = Buffer.alloc(length);
  fs.readSync(fd, buf, 0, length, size - length);
  return buf.toString('utf8').replace(/\n$/, '').split('\n').slice(-lines).join('\n');
}

/** The last `lines` lines of a file after offset `from`, or null when it does not exist. */
export function readLogTail(file: string, lines = 20, from = 0): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return readTailOf(fd, lines, from);
  } finally {
    fs.closeSync(fd);
  }
}
