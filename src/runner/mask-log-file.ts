/**
 * Masks a block's secret env values in the output its command wrote to a log file, in place, once the
 * command has ended. Commands write straight to their files (no pipe through Node, see log-files.ts),
 * so output cannot be masked on its way in; and the block's env, needed to know what to mask, is not
 * kept once the block moves to history. So the file is rewritten while the env is at hand: at rest,
 * after the command ends, a log holds no secret value. (`workblock logs` also masks while reading,
 * which covers a command still running.) Only blocks with secret values pay for the pass.
 */
import fs from 'node:fs';
import { MASK } from '../redact.js';

const CHUNK = 1 << 20;
const MASK_BYTES = Buffer.from(MASK);

/**
 * Replaces every occurrence of `secrets` after byte `from` of `file` with the mask. Each secret is at
 * least as long as the mask, so the text only shrinks and can be written back over itself as it is
 * read, chunk by chunk, whatever the file's size.
 */
export function maskSecretsInFile(file: string, from: number, secrets: string[]): void {
  if (!secrets.length) return;
  const needles = secrets.map((s) => Buffer.from(s));
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  // No O_APPEND (Linux appends every write on such a descriptor); no symlink (O_NOFOLLOW).
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
  try {
    let readAt = from;
    let writeAt = from;
    let carry = Buffer.alloc(0);
    let changed = false;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const got = fs.readSync(fd, chunk, 0, CHUNK, readAt);
      readAt += got;
      const buf = Buffer.concat([carry, chunk.subarray(0, got)]);
      const atEnd = got === 0;
      // Occurrences starting in the last `overlap` bytes may continue in the next chunk: they wait for it.
      const { out, consumed } = maskBuffer(buf, needles, atEnd ? buf.length : Math.max(0, buf.length - overlap));
      changed ||= out.length !== consumed;
      if (changed) fs.writeSync(fd, out, 0, out.length, writeAt);
      writeAt += out.length;
      carry = buf.subarray(consumed);
      if (atEnd) break;
    }
    if (changed) fs.ftruncateSync(fd, writeAt);
  } finally {
    fs.closeSync(fd);
  }
}

/** Masks occurrences starting before `limit`; returns the masked bytes and how much of `buf` they stand for. */
function maskBuffer(buf: Buffer, needles: Buffer[], limit: number): { out: Buffer; consumed: number } {
  const parts: Buffer[] = [];
  // Each needle's next occurrence, searched again only once passed: one scan per needle and match.
  const next = needles.map((n) => buf.indexOf(n));
  let pos = 0;
  for (;;) {
    let at = -1;
    let length = 0;
    // Needles come longest first, so at one position the longest wins.
    for (let k = 0; k < needles.length; k++) {
      if (next[k] >= 0 && next[k] < pos) next[k] = buf.indexOf(needles[k], pos);
      if (next[k] >= 0 && (at < 0 || next[k] < at)) [at, length] = [next[k], needles[k].length];
    }
    if (at < 0 || at >= limit) {
      const end = Math.max(pos, limit);
      parts.push(buf.subarray(pos, end));
      return { out: Buffer.concat(parts), consumed: end };
    }
    parts.push(buf.subarray(pos, at), MASK_BYTES);
    pos = at + length;
  }
}
