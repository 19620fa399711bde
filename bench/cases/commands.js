// 4. 200 command blocks running `true`: sequential vs a plain Node loop; --concurrency 2 vs tsp -S 2; nq.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fillBlocks, medianOf, ROOT, scratch, timeRun, workblock } from '../lib/measure.js';
import { have } from '../lib/peers.js';

const JOBS = 200;
const loop = path.join(ROOT, 'bench', 'peers', 'spawn-loop.js');

export default async function commands({ runs }) {
  const base = scratch('cmd');
  fillBlocks(base, JOBS, () => JSON.stringify({ task: 't', cmd: 'true' }));
  let dir;
  const fresh = () => {
    dir = scratch('cmd-run');
    fs.cpSync(base, dir, { recursive: true });
  };
  const seq = medianOf(runs, () => workblock(['execute', String(JOBS), '--logger', 'none'], { cwd: dir }), fresh);
  const seqMd = medianOf(runs, () => workblock(['execute', String(JOBS), '--logger', 'markdown'], { cwd: dir }), fresh);
  const plain = medianOf(runs, () => timeRun(process.execPath, [loop, String(JOBS), '1']));
  const par = medianOf(runs, () => workblock(['execute', String(JOBS), '--concurrency', '2', '--logger', 'none'], { cwd: dir }), fresh);
  // Queue + run, as a user would: one `add -` then execute, against 200 `tsp true` then waiting.
  const parWithAdd = medianOf(runs, () => {
    const d = scratch('cmd-add');
    return fillBlocks(d, JOBS, () => JSON.stringify({ task: 't', cmd: 'true' })) + workblock(['execute', String(JOBS), '--concurrency', '2', '--logger', 'none'], { cwd: d });
  });
  const plain2 = medianOf(runs, () => timeRun(process.execPath, [loop, String(JOBS), '2']));
  const rows = [
    { case: '4 commands', measure: 'plain node loop, 200 x sh -c true', ms: plain.median },
    { case: '4 commands', measure: 'execute 200 sequential (no logger)', ms: seq.median, ratio: seq.median / plain.median, target: '<= 1.3x plain loop', met: seq.median / plain.median <= 1.3 },
    { case: '4 commands', measure: 'execute 200 sequential (markdown)', ms: seqMd.median, ratio: seqMd.median / plain.median },
    { case: '4 commands', measure: 'plain node loop, 2 at a time', ms: plain2.median },
    { case: '4 commands', measure: 'execute 200 --concurrency 2', ms: par.median, ratio: par.median / plain2.median, note: 'ratio = / plain loop 2 at a time' },
  ];
  if (have('tsp')) {
    const tsp = medianOf(runs, () => runTsp(scratch('tsp')));
    rows.push({ case: '4 commands', measure: 'tsp -S 2: queue + run 200 (peer)', ms: tsp.median });
    rows.push({ case: '4 commands', measure: 'workblock add - + execute -c 2', ms: parWithAdd.median, ratio: parWithAdd.median / tsp.median, target: 'faster than tsp -S 2', met: parWithAdd.median < tsp.median });
  }
  if (have('nq')) {
    const nq = medianOf(Math.min(runs, 3), () => runNq(scratch('nq')));
    rows.push({ case: '4 commands', measure: 'nq: queue + run 200 (peer, sequential)', ms: nq.median, ratio: seq.median / nq.median, note: 'ratio = workblock sequential / nq' });
  }
  return rows;
}

function runTsp(dir) {
  const env = { ...process.env, TS_SOCKET: path.join(dir, 'socket'), TS_MAXFINISHED: '100000', TMPDIR: dir };
  const t = performance.now();
  spawnSync('tsp', ['-S', '2'], { env, stdio: 'ignore' });
  let last = '';
  for (let i = 0; i < JOBS; i++) last = spawnSync('tsp', ['-n', 'true'], { env, encoding: 'utf8' }).stdout.trim();
  spawnSync('tsp', ['-w', last], { env, stdio: 'ignore' });
  // The last job may finish before an earlier one in the other slot: wait until nothing runs.
  while (/running/.test(spawnSync('tsp', ['-l'], { env, encoding: 'utf8' }).stdout)) spawnSync('sleep', ['0.005']);
  const ms = performance.now() - t;
  spawnSync('tsp', ['-K'], { env, stdio: 'ignore' });
  return ms;
}

function runNq(dir) {
  const env = { ...process.env, NQDIR: dir };
  const t = performance.now();
  for (let i = 0; i < JOBS; i++) spawnSync('nq', ['-q', 'true'], { env, stdio: 'ignore' });
  spawnSync('nq', ['-w'], { env, stdio: 'ignore' });
  return performance.now() - t;
}
