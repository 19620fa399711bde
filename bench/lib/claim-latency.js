// One claimer for the claim-latency row: opens the queue like execute does and claims one block at a
// time, `count` times, timing each claim transaction. Prints the latencies (ms) as JSON on stdout.
// Usage: node claim-latency.js LOCATION COUNT   (LOCATION: a SQLite file or a postgres:// URL)
import { openDatabase } from '../../dist/src/db/open.js';
import { newLease } from '../../dist/src/store/lease.js';
import { commitTransitions } from '../../dist/src/store/transitions.js';

const [location, count] = process.argv.slice(2);
const { db } = await openDatabase(location, {});
const lease = newLease();
const times = [];
let failed = 0;
let lastError = '';
try {
  for (let i = 0; i < Number(count); i++) {
    const t = performance.now();
    try {
      const { blocks } = await commitTransitions(db, lease, { claim: { max: 1, commandSlots: 0 } });
      times.push(performance.now() - t);
      if (!blocks.length) break;
    } catch (e) {
      // A claim that gives up (SQLite's busy timeout) is counted, not timed: execute would end its run.
      failed++;
      lastError = String(e?.message ?? e);
    }
  }
} finally {
  await db.destroy();
}
process.stdout.write(JSON.stringify({ times, failed, lastError }));
