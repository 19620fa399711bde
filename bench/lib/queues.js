// Template queues shared by the cases: each is filled once through `add -`, then copied for every run
// that changes it, so each run starts from the same state. The CLI closes (and checkpoints) the
// database before it exits, so a template directory is a clean, complete copy source.
import fs from 'node:fs';
import path from 'node:path';
import { fillBlocks, scratch } from './measure.js';

const made = new Map();

/** A directory whose data/workblocks.db holds `count` pending blocks without commands. */
export function queueOf(count) {
  if (!made.has(count)) {
    const dir = scratch(`queue-${count}`);
    const fillMs = fillBlocks(dir, count);
    made.set(count, { dir, fillMs });
  }
  return made.get(count);
}

/** Lets a case that already filled such a queue (bulk add) offer it as the template. */
export function remember(count, dir, fillMs) {
  if (!made.has(count)) made.set(count, { dir, fillMs });
}

/**
 * A fresh copy of a template directory, for one run that changes the queue. The copy is flushed to
 * disk here: otherwise the timed run's checkpoint (an fsync of the database file) would pay for
 * writing the whole fresh copy, 100 MB at 1M blocks.
 */
export function copyOf(dir) {
  const to = scratch('run');
  fs.cpSync(dir, to, { recursive: true });
  flush(to);
  return to;
}

function flush(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) flush(file);
    else if (entry.isFile()) {
      const fd = fs.openSync(file, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
  }
}

/** The big queue of the scale and memory cases: 1M blocks, or 100k with --quick. */
export function bigSize(quick) {
  return quick ? 100_000 : 1_000_000;
}

export function sizeLabel(n) {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}
