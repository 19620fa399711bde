// 3. Execute 10,000 blocks without commands through the markdown logger, in one `execute 10000`.
import { medianOf, workblock } from '../lib/measure.js';
import { copyOf, queueOf } from '../lib/queues.js';

const BLOCKS = 10_000;

export default async function execute({ runs }) {
  const { dir: base } = queueOf(BLOCKS);
  let dir;
  const exec = medianOf(runs, () => workblock(['execute', String(BLOCKS), '--logger', 'markdown'], { cwd: dir }), () => (dir = copyOf(base)));
  const perBlock = `${((exec.median * 1000) / BLOCKS).toFixed(0)} µs per block (start-up included)`;
  return [{ case: '3 execute', measure: `execute ${BLOCKS} (markdown logger)`, ms: exec.median, times: exec.times, target: '<= 1500 ms', met: exec.median <= 1500, note: perBlock }];
}
