// 2. Bulk add: `workblock add -` of 100,000 lines into a new database.
import { fillBlocks, medianOf, scratch } from '../lib/measure.js';
import { remember } from '../lib/queues.js';

const LINES = 100_000;

export default async function bulk({ runs }) {
  const add = medianOf(runs, () => {
    const dir = scratch('bulk');
    const ms = fillBlocks(dir, LINES);
    remember(LINES, dir, ms); // the scale case's 100k queue with --quick
    return ms;
  });
  return [{ case: '2 bulk add', measure: `add - of ${LINES.toLocaleString('en')} lines`, ms: add.median, times: add.times, target: '<= 2000 ms', met: add.median <= 2000 }];
}
