/**
 * An execute leaves no timer behind: a CLI process exits the moment its work is done. The loop's
 * naps race the next event against a timer (nap.ts); the timer of a race the event won once kept
 * `workblock execute 1 -c 2` alive for up to 50 ms after its last block.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openQueue, type Queue } from '../../dist/src/index.js';
import { tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

const open: Queue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close().catch(() => undefined)));
});

/** How many timers keep the process alive now (unref'd ones do not). */
const heldTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('an execute', () => {
  it('leaves no timer holding the process once it returns', async () => {
    const cwd = tempDir();
    const q = await openQueue({ db: locationOf(cwd), cwd });
    open.push(q);
    await q.add(Array.from({ length: 6 }, () => ({ task: 'cmd', command: { shell: 'true' } })));
    for (const n of [1, 2, 3]) {
      const before = heldTimers();
      const summary = await q.execute({ n, concurrency: 2, loggers: [] });
      expect(summary.successful).toBe(n);
      expect(heldTimers()).toBeLessThanOrEqual(before);
    }
  });
});
