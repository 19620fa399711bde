// 6. Memory: peak RSS of `execute 10000` and of `list --limit 20` with 1M blocks queued (median of runs).
import { attempt, BIN, median } from '../lib/measure.js';
import { bigSize, copyOf, queueOf, sizeLabel } from '../lib/queues.js';
import { peakRssMiB } from '../lib/rss.js';

const CASE = '6 memory';
const LIMIT = 64; // issue 15: `execute 10000` within 64 MiB (node -e 0 is about 40)

export default async function memory({ runs, quick }) {
  const size = bigSize(quick);
  const label = sizeLabel(size);
  const n = quick ? 1 : 3;
  const of = async (args, dir) => {
    const mib = [];
    for (let i = 0; i < n; i++) mib.push(await peakRssMiB(process.execPath, [BIN, ...args], { cwd: dir() }));
    return mib;
  };
  const node = await of(['--version'], () => process.cwd());
  const rows = [{ case: CASE, measure: 'peak RSS workblock --version', mib: median(node), times: node, note: 'the floor: node + the bundle' }];
  for (const [measure, args, dir] of [
    ['peak RSS execute 10000 (10k queue)', ['execute', '10000', '--logger', 'markdown'], () => copyOf(queueOf(10_000).dir)],
    [`peak RSS execute 10000 at ${label}`, ['execute', '10000', '--logger', 'markdown'], () => copyOf(queueOf(size).dir)],
    [`peak RSS list --limit 20 at ${label}`, ['list', '--limit', '20'], () => queueOf(size).dir],
  ]) {
    rows.push(...(await attempt(CASE, measure, async () => {
      const mib = await of(args, dir);
      return [{ case: CASE, measure, mib: median(mib), times: mib, target: `<= ${LIMIT} MiB`, met: median(mib) <= LIMIT }];
    })));
  }
  return rows;
}
