// Timing helpers: wall-clock medians of repeated runs, running workblock, and scratch directories.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The build under test: this checkout, or another one (WORKBLOCK_BENCH_TARGET=/path/to/checkout, built)
 * to run the same cases on an older commit, for a before/after table from one machine.
 */
export const TARGET = process.env.WORKBLOCK_BENCH_TARGET ? path.resolve(process.env.WORKBLOCK_BENCH_TARGET) : ROOT;
export const BIN = path.join(TARGET, 'bin', 'workblock.cjs');

// Every scratch directory of one bench run lives under one root, removed at the end (see run.js).
let root;

export function scratch(name) {
  root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
  return fs.mkdtempSync(path.join(root, `${name}-`));
}

/**
 * The median time to create a file in the scratch root, in ms: 200 empty files in a new directory.
 * Command blocks create files (their logs), and on ext4 that slows from about 0.02 ms to 0.5 ms for a
 * few minutes after many removals nearby (a test run, the last bench run's scratch): printed beside
 * the load average so such a run can be told apart.
 */
export function fileCreateMs() {
  const dir = scratch('creates');
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    fs.closeSync(fs.openSync(path.join(dir, String(i)), 'wx', 0o600));
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Removes every scratch directory of this run, unless `keep`; returns where they are (were). */
export function endScratch({ keep = false } = {}) {
  if (root && !keep) fs.rmSync(root, { recursive: true, force: true });
  return root;
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

/** Like medianOf for several commands at once, taking turns run by run so that all see the same load. */
export function interleaved(runs, onces) {
  const times = Object.fromEntries(Object.keys(onces).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, once] of Object.entries(onces)) times[k].push(once(i));
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, { median: median(t), runs, times: t }]));
}

/** medianOf for a `once()` that returns a promise of ms. */
export async function medianOfAsync(runs, once) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(i));
  return { median: median(times), runs, times };
}

/** interleaved for `once()`s that may return a promise of ms. */
export async function interleavedAsync(runs, onces) {
  const times = Object.fromEntries(Object.keys(onces).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, once] of Object.entries(onces)) times[k].push(await once(i));
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, { median: median(t), runs, times: t }]));
}

export function workblock(args, opts = {}) {
  return timeRun(process.execPath, [BIN, ...args], opts);
}

/** Runs `measure()` (which returns rows); a failure becomes one row naming the error, so the case goes on. */
export async function attempt(caseName, measureName, measure) {
  try {
    return await measure();
  } catch (e) {
    return [{ case: caseName, measure: measureName, error: String(e?.message ?? e).split('\n')[0] }];
  }
}

/** Fills a database with `count` blocks through `add -` (what users do); returns the ms it took. */
export function fillBlocks(dir, count, line = (i) => `task ${i}`) {
  const input = Array.from({ length: count }, (_, i) => line(i)).join('\n');
  return workblock(['add', '-'], { cwd: dir, input });
}
