/**
 * Masks a block's secret env values in the output its command wrote to a log file, in place, once the
 * command has ended. Commands write straight to their files (no pipe through Node, see log-files.ts),
 * so output cannot be masked on its way in; and the block's env, needed to know what to mask, is not
 * kept once the block moves to history. So the file is rewritten while the env is at hand: at rest,
 * after the command ends, a log holds no secret value. (`workblock logs` also masks while reading,
 * which covers a command still running.) Only blocks with secret values pay for the pass.
 *
 * A secret becomes as many `*` as it has bytes, not `***`: the file keeps its size, so a reader holding
 * an offset into it (`logs --follow`, the tails of this attempt) stays aligned. The length of a token
 * is not the secret (token formats fix it anyway).
 */
import fs from 'node:fs';

const CHUNK = 1 << 20;
const STAR = 0x2a;

/** Overwrites every occurrence of `secrets` after byte `from` of `file` with stars, chunk by chunk, whatever the file's size. */
export function maskSecretsInFile(file: string, from: number, secrets: string[]): void {
  if (!secrets.length) return;
  const needles = secrets.map((s) => Buffer.from(s));
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  // No O_APPEND (Linux appends every write on such a descriptor); no symlink (O_NOFOLLOW).
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
  try {
    let readAt = from;
    let bufAt = from; // where buf (the carried bytes, then the new chunk) starts in the file
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const got = fs.readSync(fd, chunk, 0, CHUNK, readAt);
      readAt += got;
      const buf = Buffer.concat([carry, chunk.subarray(0, got)]);
      const atEnd = got === 0;
      // Occurrences starting in the last `overlap` bytes may continue in the next chunk: they wait for it.
      const done = maskBuffer(buf, needles, atEnd ? buf.length : Math.max(0, buf.length - overlap));
      if (done.masked) fs.writeSync(fd, buf, 0, done.end, bufAt);
      bufAt += done.end;
      carry = Buffer.from(buf.subarray(done.end));
      if (atEnd) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Stars out occurrences starting before `limit`, in `buf` itself; returns how far `buf` is final and whether anything changed. */
function maskBuffer(buf: Buffer, needles: Buffer[], limit: number): { end: number; masked: boolean } {
  let end = limit;
  let masked = false;
  for (const needle of needles) {
    // Longest first: a shorter secret inside a longer one finds it already starred. Bytes a match
    // carries past `limit` are final too: all stars, no other match can start among them.
    for (let at = buf.indexOf(needle); at >= 0 && at < limit; at = buf.indexOf(needle, at + needle.length)) {
      buf.fill(STAR, at, at + needle.length);
      end = Math.max(end, at + needle.length);
      masked = true;
    }
  }
  return { end, masked };
}
