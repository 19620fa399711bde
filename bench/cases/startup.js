// 1. Start-up: `workblock add "x"` on an existing database vs `node -e 0`, `tsp -n true`, the legacy Python add.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { medianOf, ROOT, scratch, timeRun, workblock } from '../lib/measure.js';
import { have } from '../lib/peers.js';

export default async function startup({ runs }) {
  const n = Math.max(runs * 3, 15);
  const dir = scratch('startup');
  workblock(['add', 'first'], { cwd: dir }); // creates and migrates the database
  const node = medianOf(n, () => timeRun(process.execPath, ['-e', '0']));
  const add = medianOf(n, () => workblock(['add', 'x'], { cwd: dir }));
  const rows = [
    { case: '1 start-up', measure: 'node -e 0', ms: node.median },
    { case: '1 start-up', measure: 'workblock add "x"', ms: add.median, ratio: add.median / node.median, target: '<= 1.3x node -e 0', met: add.median / node.median <= 1.3 },
  ];
  if (have('tsp')) {
    const env = { ...process.env, TS_SOCKET: path.join(dir, 'tsp.socket'), TS_MAXFINISHED: '100000' };
    const tsp = medianOf(n, () => timeRun('tsp', ['-n', 'true'], { env }));
    spawnSync('tsp', ['-K'], { env, stdio: 'ignore' });
    rows.push({ case: '1 start-up', measure: 'tsp -n true (peer)', ms: tsp.median, ratio: add.median / tsp.median, note: 'ratio = workblock / tsp' });
  }
  if (have('python3')) {
    const legacy = path.join(ROOT, 'bench', 'peers', 'batch_executor_ref.py');
    const env = { ...process.env, BATCH_FILE: path.join(dir, 'batch-tasks.json') };
    fs.writeFileSync(env.BATCH_FILE, '[]');
    // The interpreter itself, not a version-manager shim in front of it.
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    const py = medianOf(n, () => timeRun(python, [legacy, 'add', 'x'], { env }));
    rows.push({ case: '1 start-up', measure: 'legacy python add (peer)', ms: py.median, ratio: add.median / py.median, note: 'ratio = workblock / legacy' });
  }
  return rows;
}
