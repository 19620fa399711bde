// Timing helpers: wall-clock medians of repeated runs, peak RSS, and scratch directories.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'workblock.cjs');

export function scratch(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `wb-bench-${name}-`));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command synchronously and returns its wall time in ms; throws when it fails. */
export function timeRun(cmd, args, opts = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ').slice(0, 80)} exited ${r.status}: ${(r.stderr ?? '').slice(0, 300)}`);
  return ms;
}

/** Median of `runs` timings of `once()` (which returns ms), after `before()` resets state each time. */
export function medianOf(runs, once, before = () => {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    times.push(once(i));
  }
  return { median: median(times), runs, times };
}

export function workblock(args, opts = {}) {
  return timeRun(process.execPath, [BIN, ...args], opts);
}

export function workblockOut(args, opts = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0) throw new Error(`workblock ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Peak RSS (MiB) of a command, read from /proc while it runs (VmHWM), sampled every 5 ms. */
export function peakRssMiB(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore', ...opts });
    let peak = 0;
    const sample = () => {
      try {
        const m = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        /* the process just ended: keep the last sample */
      }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}`));
      else resolve(peak / 1024);
    });
  });
}

/** Fills a database with `count` blocks through `add -` (what users do); returns the ms it took. */
export function fillBlocks(dir, count, line = (i) => `task ${i}`) {
  const input = Array.from({ length: count }, (_, i) => line(i)).join('\n');
  return workblock(['add', '-'], { cwd: dir, input });
}
