/** Where a command block's output lives (data/logs/ID.log, 0600) and reading it back. */
import fs from 'node:fs';
import path from 'node:path';

export function logFile(dataDir: string, id: number): string {
  return path.join(dataDir, 'logs', `${id}.log`);
}

/** The last `lines` lines of a block's log, or null when it has none. Reads at most the last 64 KiB. */
export function readLogTail(file: string, lines = 20): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 65_536);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    return buf.toString('utf8').replace(/\n$/, '').split('\n').slice(-lines).join('\n');
  } finally {
    fs.closeSync(fd);
  }
}
