// 1. Start-up: `workblock add "x"` on an existing database vs `node -e 0`, `tsp -n true`, the legacy Python add.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { interleaved, ROOT, scratch, timeRun, workblock } from '../lib/measure.js';
import { have } from '../lib/peers.js';

const CASE = '1 start-up';

export default async function startup({ quick }) {
  const n = quick ? 9 : 15;
  const dir = scratch('startup');
  workblock(['add', 'first'], { cwd: dir }); // creates and migrates the database
  const onces = { node: () => timeRun(process.execPath, ['-e', '0']), add: () => workblock(['add', 'x'], { cwd: dir }) };
  const notes = [];
  const tspEnv = { ...process.env, TS_SOCKET: path.join(dir, 'tsp.socket'), TS_MAXFINISHED: '100000', TMPDIR: dir };
  if (have('tsp')) {
    timeRun('tsp', ['-n', 'true'], { env: tspEnv }); // starts the server, so runs time the client only
    onces.tsp = () => timeRun('tsp', ['-n', 'true'], { env: tspEnv });
  } else notes.push('tsp missing: skipped');
  if (have('python3')) {
    const legacy = path.join(ROOT, 'bench', 'peers', 'batch_executor_ref.py');
    const env = { ...process.env, BATCH_FILE: path.join(dir, 'batch-tasks.json') };
    fs.writeFileSync(env.BATCH_FILE, '[]');
    // The interpreter itself, not a version-manager shim in front of it.
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    onces.legacy = () => timeRun(python, [legacy, 'add', 'x'], { env });
  } else notes.push('python3 missing: legacy skipped');
  let t;
  try {
    for (const once of Object.values(onces)) once(); // warm the page cache
    t = interleaved(n, onces);
  } finally {
    if (have('tsp')) spawnSync('tsp', ['-K'], { env: tspEnv, stdio: 'ignore' });
  }
  const add = t.add.median;
  const rows = [
    { case: CASE, measure: 'node -e 0', ms: t.node.median, times: t.node.times },
    { case: CASE, measure: 'workblock add "x"', ms: add, times: t.add.times, ratio: add / t.node.median, target: '<= 1.3x node -e 0', met: add / t.node.median <= 1.3 },
  ];
  if (t.tsp) rows.push({ case: CASE, measure: 'tsp -n true (peer)', ms: t.tsp.median, times: t.tsp.times, ratio: add / t.tsp.median, note: 'ratio = workblock / tsp' });
  if (t.legacy) rows.push({ case: CASE, measure: 'legacy python add (peer)', ms: t.legacy.median, times: t.legacy.times, ratio: add / t.legacy.median, note: 'ratio = workblock / legacy' });
  for (const note of notes) rows.push({ case: CASE, measure: 'peers', note });
  return rows;
}
