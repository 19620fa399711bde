/**
 * The command collects its heap as a long execute goes (src/cli/heap-cap.ts) without leaving V8's
 * `gc` where other code would find it: a module logger runs in execute's own process and sees both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir } from '../helpers/cli.js';

const probe = `
import fs from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
let major = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
}).observe({ entryTypes: ['gc'] });
const seen = new Set();
export default {
  name: 'probe',
  async log() { seen.add(typeof globalThis.gc); },
  async close() {
    await new Promise((r) => setTimeout(r, 50)); // (gc entries are delivered after the fact)
    fs.writeFileSync('probe.json', JSON.stringify({ gcGlobal: [...seen], major }));
  },
};
`;

describe('heap cap', () => {
  it('runs full collections during a long execute and leaves no global gc', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'probe.mjs'), probe);
    ok(['add', '-'], { cwd, input: Array.from({ length: 4100 }, (_, i) => `note ${i}`).join('\n') });
    ok(['execute', '4100', '--logger', 'module:probe.mjs'], { cwd });
    const seen = JSON.parse(fs.readFileSync(path.join(cwd, 'probe.json'), 'utf8'));
    expect(seen.gcGlobal).toEqual(['undefined']);
    expect(seen.major).toBeGreaterThanOrEqual(2); // one per 2,000 finished blocks
  }, 60_000);
});
