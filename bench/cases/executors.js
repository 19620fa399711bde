// 7. Four executors draining 10,000 blocks (1,000 with --quick) together vs one alone: wall time, and exactly-once;
// the same with 200 blocks running `sleep 0.05` (40 with --quick), where four must share the work.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BIN, fillBlocks, median, ROOT, scratch, workblock } from '../lib/measure.js';
import { copyOf, queueOf } from '../lib/queues.js';

const CASE = '7 executors';
const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');
const EXECUTORS = 4;

function runTogether(dir, count, blocks) {
  const t = performance.now();
  const children = Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
    const args = [BIN, 'execute', String(blocks), '--logger', 'markdown'];
    // (each asks for all the blocks: together they drain the queue, none knows how many the others take)
    spawn(process.execPath, args, { cwd: dir, stdio: 'ignore' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`executor ${i} exited ${code}`))));
  }));
  return Promise.all(children).then(() => performance.now() - t);
}

/** History must hold each block once, and the queue must be empty. */
function exactlyOnce(dir, blocks) {
  const db = new Database(path.join(dir, 'data', 'workblocks.db'), { readonly: true });
  const h = db.prepare('SELECT count(*) n, count(DISTINCT block_id) d FROM history').get();
  const left = db.prepare('SELECT count(*) n FROM blocks').get().n;
  db.close();
  return { ok: h.n === blocks && h.d === blocks && left === 0, text: `history ${h.n} rows, ${h.d} distinct, ${left} left` };
}

/** One executor alone, then four together on a copy of the same queue, taking turns `runs` times. */
async function oneVersusFour(base, blocks, runs) {
  const single = [];
  const four = [];
  const checks = [];
  // Taking turns, so both see the same machine load.
  for (let i = 0; i < runs; i++) {
    single.push(workblock(['execute', String(blocks), '--logger', 'markdown'], { cwd: copyOf(base) }));
    const dir = copyOf(base);
    four.push(await runTogether(dir, EXECUTORS, blocks));
    checks.push(exactlyOnce(dir, blocks));
  }
  const bad = checks.find((c) => !c.ok);
  return { single, four, one: median(single), many: median(four), exact: !bad, note: bad ? `EXACTLY-ONCE VIOLATED: ${bad.text}` : `every run: ${checks[0].text}` };
}

export default async function executors({ runs, quick }) {
  const blocks = quick ? 1000 : 10_000;
  const { dir: base } = queueOf(blocks);
  const r = await oneVersusFour(base, blocks, runs);
  return [
    { case: CASE, measure: `1 executor drains ${blocks.toLocaleString('en')}`, ms: r.one, times: r.single },
    { case: CASE, measure: `${EXECUTORS} executors drain ${blocks.toLocaleString('en')}`, ms: r.many, times: r.four, ratio: r.many / r.one, target: '<= 1.0x single, exactly once', met: r.many <= r.one && r.exact, note: r.note },
    ...(await sleepers({ runs, quick })),
  ];
}

/** Commands that take a while (`sleep 0.05`): four executors should take about a quarter of one's time. */
async function sleepers({ runs, quick }) {
  const blocks = quick ? 40 : 200;
  const base = scratch('sleep');
  fillBlocks(base, blocks, () => JSON.stringify({ task: 't', cmd: 'sleep 0.05' }));
  const r = await oneVersusFour(base, blocks, runs);
  return [
    { case: CASE, measure: `1 executor runs ${blocks} x sleep 0.05`, ms: r.one, times: r.single },
    { case: CASE, measure: `${EXECUTORS} executors run ${blocks} x sleep 0.05`, ms: r.many, times: r.four, ratio: r.many / r.one, target: '<= 0.33x single, exactly once', met: r.many <= r.one / 3 && r.exact, note: r.note },
  ];
}
