// 5. Scale: add, list --limit 20 and execute 100 on a big queue (1M) vs a small one, with the query plans.
import path from 'node:path';
import { createRequire } from 'node:module';
import { interleaved, ROOT, scratch, workblock } from '../lib/measure.js';
import { bigSize, copyOf, queueOf, sizeLabel } from '../lib/queues.js';

const CASE = '5 scale';
const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');
const CLAIM = "SELECT id FROM blocks WHERE status='pending' AND run_at <= ? AND NOT EXISTS (SELECT 1 FROM block_deps WHERE block_deps.block_id = blocks.id) ORDER BY priority DESC, id ASC LIMIT 200";
const LIST = "SELECT * FROM blocks WHERE status='pending' ORDER BY priority DESC, id ASC LIMIT 20";

function queryPlans(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  const plan = (sql, ...params) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((r) => r.detail).join('; ');
  const plans = { claim: plan(CLAIM, Date.now()), list: plan(LIST) };
  db.close();
  return plans;
}

export default async function scale({ runs, quick, log }) {
  const size = bigSize(quick);
  const label = sizeLabel(size);
  log(`filling ${size.toLocaleString('en')} blocks through add -...`);
  const big = queueOf(size);
  const small = queueOf(1000);
  const empty = scratch('empty');
  workblock(['list', '--count'], { cwd: empty }); // creates and migrates an empty database

  const n = quick ? 3 : 2 * runs;
  // Each add runs on a fresh copy, so every run sees the same queue; the copy is not timed.
  const t = interleaved(n, {
    addEmpty: () => workblock(['add', 'x'], { cwd: copyOf(empty) }),
    addBig: () => workblock(['add', 'x'], { cwd: copyOf(big.dir) }),
    listEmpty: () => workblock(['list', '--limit', '20'], { cwd: empty }),
    listBig: () => workblock(['list', '--limit', '20'], { cwd: big.dir }),
  });
  const exec = interleaved(runs, {
    small: () => workblock(['execute', '100', '--logger', 'markdown'], { cwd: copyOf(small.dir) }),
    big: () => workblock(['execute', '100', '--logger', 'markdown'], { cwd: copyOf(big.dir) }),
  });
  const plans = queryPlans(path.join(big.dir, 'data', 'workblocks.db'));
  const row = (measure, a, b, limit) => ({ case: CASE, measure, ms: a.median, times: a.times, ratio: a.median / b.median, target: `<= ${limit}x`, met: a.median / b.median <= limit, note: `vs ${b.median.toFixed(1)} ms` });
  return [
    { case: CASE, measure: `add - of ${label} lines (set-up, 1 run)`, ms: big.fillMs, times: [big.fillMs] },
    row(`add "x" at ${label} vs empty`, t.addBig, t.addEmpty, 1.1),
    row(`list --limit 20 at ${label} vs empty`, t.listBig, t.listEmpty, 1.2),
    row(`execute 100 at ${label} vs 1k queue`, exec.big, exec.small, 1.2),
    { case: CASE, measure: 'plan: claim query', note: plans.claim },
    { case: CASE, measure: 'plan: list query', note: plans.list },
  ];
}
