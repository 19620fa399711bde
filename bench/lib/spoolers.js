// Running N `true` jobs through the peer spoolers, each with a private socket or queue directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * task-spooler with 2 slots. Not gated: the clock covers queueing (one `tsp` call per job) and running.
 * Gated: two gate jobs hold both slots while the jobs are queued, and the clock starts when the gate
 * opens, so only running counts (the gate jobs poll every 10 ms: at most that much is added).
 */
export function runTsp(dir, jobs, { gated }) {
  const env = { ...process.env, TS_SOCKET: path.join(dir, 'socket'), TS_MAXFINISHED: '100000', TMPDIR: dir };
  const tsp = (...args) => spawnSync('tsp', args, { env, encoding: 'utf8' });
  const gate = path.join(dir, 'go');
  try {
    let t = performance.now();
    if (tsp('-S', '2').status !== 0) throw new Error('tsp -S 2 failed');
    if (gated) for (let i = 0; i < 2; i++) tsp('-n', 'sh', '-c', `while [ ! -e ${gate} ]; do sleep 0.01; done`);
    let last = '';
    for (let i = 0; i < jobs; i++) last = tsp('-n', 'true').stdout.trim();
    if (gated) {
      t = performance.now();
      fs.writeFileSync(gate, '');
    }
    tsp('-w', last);
    // The last job may finish before an earlier one in the other slot: wait until nothing runs.
    while (/running|queued/.test(tsp('-l').stdout)) spawnSync('sleep', ['0.005']);
    return performance.now() - t;
  } finally {
    tsp('-K');
  }
}

/** nq runs its jobs one after another; the clock covers queueing (one `nq` per job) and running. */
export function runNq(dir, jobs) {
  const env = { ...process.env, NQDIR: dir };
  const t = performance.now();
  for (let i = 0; i < jobs; i++) {
    if (spawnSync('nq', ['-q', 'true'], { env, stdio: 'ignore' }).status !== 0) throw new Error('nq true failed');
  }
  spawnSync('nq', ['-w'], { env, stdio: 'ignore' });
  return performance.now() - t;
}
