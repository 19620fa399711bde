// Running N `true` blocks behind a gate, the way the bench times tsp "already queued": two gate blocks
// hold both slots while the executor is up and the blocks wait, and the clock starts when the gate opens.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, fillBlocks } from './measure.js';

const SLOTS = 2;
/** How long the executor is left alone with both gates running before the gate opens (it settles). */
const SETTLE_MS = 200;
/** Bounds every wait here: a gate never seen running, or an executor that never ends, fails the row. */
const LIMIT_MS = 30_000;

/**
 * Fills `dir` with the gates and `jobs` blocks made by `line`. Each gate notes that it runs, then polls
 * for the gate file every 10 ms (as the tsp gate jobs do), so both sides pay the same opening delay.
 */
export function fillGated(dir, jobs, line) {
  const gate = path.join(dir, 'go');
  const gates = Array.from({ length: SLOTS }, (_, i) =>
    JSON.stringify({ task: `gate ${i}`, cmd: `: > ${path.join(dir, `running-${i}`)}; while [ ! -e ${gate} ]; do sleep 0.01; done` }),
  );
  const lines = [...gates, ...Array.from({ length: jobs }, (_, i) => line(i))];
  return fillBlocks(dir, lines.length, (i) => lines[i]);
}

/**
 * Starts `execute (gates + jobs) -c 2` in `dir`, waits until both gates run and the executor has had
 * SETTLE_MS to itself, then opens the gate: returns the ms from opening to the executor's exit.
 */
export async function runGated(dir, jobs, flags = []) {
  const child = spawn(process.execPath, [BIN, 'execute', String(jobs + SLOTS), '--concurrency', String(SLOTS), ...flags], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  try {
    const until = performance.now() + LIMIT_MS;
    while (![...Array(SLOTS).keys()].every((i) => fs.existsSync(path.join(dir, `running-${i}`)))) {
      if (performance.now() > until) throw new Error('the gate blocks never ran');
      await sleep(5);
    }
    await sleep(SETTLE_MS);
    const t = performance.now();
    fs.writeFileSync(path.join(dir, 'go'), '');
    const end = await Promise.race([exited, sleep(LIMIT_MS).then(() => null)]);
    if (!end) throw new Error('execute did not end');
    if (end.code !== 0) throw new Error(`execute exited ${end.code ?? end.signal}: ${stderr.slice(0, 300)}`);
    return end.at - t;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
