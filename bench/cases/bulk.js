// 2. Bulk add of 100,000 lines; 3. execute 10,000 blocks without commands through the markdown logger.
import fs from 'node:fs';
import { fillBlocks, medianOf, scratch, workblock } from '../lib/measure.js';

export default async function bulk({ runs }) {
  const lines = 100_000;
  const add = medianOf(runs, () => fillBlocks(scratch('bulk'), lines));
  const base = scratch('exec10k');
  fillBlocks(base, 10_000);
  let dir;
  const exec = medianOf(
    runs,
    () => workblock(['execute', '10000', '--logger', 'markdown'], { cwd: dir }),
    () => {
      dir = scratch('exec10k-run');
      fs.cpSync(base, dir, { recursive: true });
    },
  );
  return [
    { case: '2 bulk add', measure: `add - of ${lines.toLocaleString('en')} lines`, ms: add.median, target: '<= 2000 ms', met: add.median <= 2000 },
    { case: '3 execute', measure: 'execute 10000 (markdown logger)', ms: exec.median, target: '<= 1500 ms', met: exec.median <= 1500, note: `${((exec.median * 1000) / 10_000).toFixed(0)} µs per block` },
  ];
}
