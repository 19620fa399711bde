// An executor already up when the work is released, as tsp's server is: the bench's like-for-like
// against tsp. Gated: two gate blocks hold both slots while N blocks wait (tsp "already queued").
// Waiting: `execute N --wait` idles on an empty queue, then `add -` brings the N (tsp queue + run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, fillBlocks } from './measure.js';

const SLOTS = 2;
/** How long the executor is left alone (both gates running, or waiting) before the clock starts. */
const SETTLE_MS = 200;
/** Bounds every wait here: a gate never seen running, or an executor that never ends, fails the row. */
const LIMIT_MS = 30_000;

/**
 * Fills `dir` with the gates and `jobs` blocks made by `line`. Each gate notes that it runs, then polls
 * for the gate file every 10 ms (as the tsp gate jobs do), so both sides pay the same opening delay.
 */
export function fillGated(dir, jobs, line) {
  const file = (name) => `'${path.join(dir, name)}'`;
  const gates = Array.from({ length: SLOTS }, (_, i) => JSON.stringify({ task: `gate ${i}`, cmd: `: > ${file(`running-${i}`)}; while [ ! -e ${file('go')} ]; do sleep 0.01; done` }));
  const lines = [...gates, ...Array.from({ length: jobs }, (_, i) => line(i))];
  return fillBlocks(dir, lines.length, (i) => lines[i]);
}

/**
 * Starts `execute (gates + jobs) -c 2` in `dir` (filled by fillGated), waits until both gates run and
 * the executor has had SETTLE_MS to itself, then opens the gate: the ms from opening to its exit.
 */
export async function runGated(dir, jobs, flags = []) {
  const executor = startExecute(dir, [String(jobs + SLOTS), ...flags]);
  try {
    const until = performance.now() + LIMIT_MS;
    while (![...Array(SLOTS).keys()].every((i) => fs.existsSync(path.join(dir, `running-${i}`)))) {
      if (performance.now() > until) throw new Error('the gate blocks never ran');
      await sleep(5);
    }
    await sleep(SETTLE_MS);
    const t = performance.now();
    fs.writeFileSync(path.join(dir, 'go'), '');
    return (await executor.end()) - t;
  } finally {
    executor.kill();
    fs.writeFileSync(path.join(dir, 'go'), ''); // a failed run's gates (their own process groups) end too
  }
}

/**
 * Starts `execute jobs --wait -c 2` on the empty queue in `dir`, gives it SETTLE_MS to find nothing and
 * wait, then adds the jobs with one `add -`: the ms from the add's start to the executor's exit.
 */
export async function runWaiting(dir, jobs, line, flags = []) {
  const executor = startExecute(dir, [String(jobs), '--wait', ...flags]);
  try {
    await sleep(SETTLE_MS);
    const t = performance.now();
    fillBlocks(dir, jobs, line);
    return (await executor.end()) - t;
  } finally {
    executor.kill();
  }
}

function startExecute(dir, args) {
  const child = spawn(process.execPath, [BIN, 'execute', ...args, '--concurrency', String(SLOTS)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  return {
    /** When it exited (performance.now()); throws if it failed or did not end within LIMIT_MS. */
    async end() {
      const end = await Promise.race([exited, sleep(LIMIT_MS).then(() => null)]);
      if (!end) throw new Error('execute did not end');
      if (end.code !== 0) throw new Error(`execute exited ${end.code ?? end.signal}: ${stderr.slice(0, 300)}`);
      return end.at;
    },
    kill: () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
  };
}
