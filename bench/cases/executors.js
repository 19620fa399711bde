// 7. Four executors draining 10,000 blocks together vs one alone: wall time, and exactly-once.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BIN, fillBlocks, medianOf, ROOT, scratch, workblock } from '../lib/measure.js';

const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');
const BLOCKS = 10_000;

function runTogether(dir, count) {
  const t = performance.now();
  const children = Array.from({ length: count }, () => new Promise((resolve, reject) => {
    spawn(process.execPath, [BIN, 'execute', String(BLOCKS), '--logger', 'markdown'], { cwd: dir, stdio: 'ignore' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`executor exited ${code}`))));
  }));
  return Promise.all(children).then(() => performance.now() - t);
}

export default async function executors({ runs }) {
  const base = scratch('drain');
  fillBlocks(base, BLOCKS);
  const fresh = () => {
    const d = scratch('drain-run');
    fs.cpSync(base, d, { recursive: true });
    return d;
  };
  let dir;
  const single = medianOf(runs, () => workblock(['execute', String(BLOCKS), '--logger', 'markdown'], { cwd: dir }), () => (dir = fresh()));
  const times = [];
  let exact = true;
  for (let i = 0; i < runs; i++) {
    const d = fresh();
    times.push(await runTogether(d, 4));
    const db = new Database(path.join(d, 'data', 'workblocks.db'), { readonly: true });
    const h = db.prepare('SELECT count(*) n, count(DISTINCT block_id) d FROM history').get();
    const left = db.prepare('SELECT count(*) n FROM blocks').get().n;
    db.close();
    exact &&= h.n === BLOCKS && h.d === BLOCKS && left === 0;
  }
  const four = times.sort((a, b) => a - b)[times.length >> 1];
  return [
    { case: '7 executors', measure: '1 executor drains 10,000', ms: single.median },
    { case: '7 executors', measure: '4 executors drain 10,000', ms: four, ratio: four / single.median, target: '<= 1.0x single, exactly once', met: four <= single.median && exact, note: exact ? 'history = 10,000 distinct, queue empty' : 'EXACTLY-ONCE VIOLATED' },
  ];
}
