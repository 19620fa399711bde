// 5. Scale: add, list --limit 20 and execute 100 on a big queue vs a small one, with the query plans.
// 6. Memory: peak RSS of execute 10000 and list --limit 20 on the big queue.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BIN, fillBlocks, medianOf, peakRssMiB, ROOT, scratch, workblock } from '../lib/measure.js';

const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');

function copyOf(dir) {
  const to = scratch('scale-run');
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

function queryPlans(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  const plan = (sql, ...params) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((r) => r.detail).join('; ');
  const plans = {
    claim: plan("SELECT id FROM blocks WHERE status = 'pending' AND run_at <= ? AND NOT EXISTS (SELECT 1 FROM block_deps WHERE block_deps.block_id = blocks.id) ORDER BY priority DESC, id ASC LIMIT 200", Date.now()),
    list: plan("SELECT * FROM blocks WHERE status = 'pending' ORDER BY priority DESC, id ASC LIMIT 20"),
  };
  db.close();
  return plans;
}

export default async function scale({ runs, quick, log }) {
  const big = quick ? 100_000 : 1_000_000;
  const bigDir = scratch('scale-big');
  log(`filling ${big.toLocaleString('en')} blocks...`);
  const fillMs = fillBlocks(bigDir, big);
  const smallDir = scratch('scale-small');
  fillBlocks(smallDir, 1000);
  const emptyDir = scratch('scale-empty');
  workblock(['add', 'first'], { cwd: emptyDir });
  workblock(['execute', '1', '--logger', 'none'], { cwd: emptyDir });

  const n = Math.max(runs * 2, 9);
  const addEmpty = medianOf(n, () => workblock(['add', 'x'], { cwd: emptyDir }));
  const addBig = medianOf(n, () => workblock(['add', 'x'], { cwd: bigDir }));
  const listEmpty = medianOf(n, () => workblock(['list', '--limit', '20'], { cwd: emptyDir }));
  const listBig = medianOf(n, () => workblock(['list', '--limit', '20'], { cwd: bigDir }));
  let dir;
  const execSmall = medianOf(runs, () => workblock(['execute', '100', '--logger', 'markdown'], { cwd: dir }), () => (dir = copyOf(smallDir)));
  const execBig = medianOf(runs, () => workblock(['execute', '100', '--logger', 'markdown'], { cwd: dir }), () => (dir = copyOf(bigDir)));
  const plans = queryPlans(path.join(bigDir, 'data', 'workblocks.db'));
  const rssExec = await peakRssMiB(process.execPath, [BIN, 'execute', '10000', '--logger', 'markdown'], { cwd: copyOf(bigDir) });
  const rssList = await peakRssMiB(process.execPath, [BIN, 'list', '--limit', '20'], { cwd: bigDir });
  const label = big >= 1e6 ? '1M' : `${big / 1000}k`;
  return [
    { case: '5 scale', measure: `add - of ${label} lines (set-up)`, ms: fillMs },
    { case: '5 scale', measure: `add "x" at ${label} vs empty`, ms: addBig.median, ratio: addBig.median / addEmpty.median, target: '<= 1.1x', met: addBig.median / addEmpty.median <= 1.1 },
    { case: '5 scale', measure: `list --limit 20 at ${label} vs empty`, ms: listBig.median, ratio: listBig.median / listEmpty.median, target: '<= 1.2x', met: listBig.median / listEmpty.median <= 1.2 },
    { case: '5 scale', measure: `execute 100 at ${label} vs 1k queue`, ms: execBig.median, ratio: execBig.median / execSmall.median, target: '<= 1.2x', met: execBig.median / execSmall.median <= 1.2 },
    { case: '5 scale', measure: 'plan: claim query', note: plans.claim },
    { case: '5 scale', measure: 'plan: list query', note: plans.list },
    { case: '6 memory', measure: `peak RSS execute 10000 at ${label}`, mib: rssExec, target: '<= 80 MiB', met: rssExec <= 80 },
    { case: '6 memory', measure: `peak RSS list --limit 20 at ${label}`, mib: rssList, target: '<= 80 MiB', met: rssList <= 80 },
  ];
}
