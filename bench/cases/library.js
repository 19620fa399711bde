// 8. The library: `openQueue().execute({ n: 100000, loggers: ['jsonl'] })` on blocks without commands, in
// blocks per second (20,000 with --quick). graphile-worker publishes 15.6k jobs/s unbatched on PostgreSQL
// (cited for scale, not run here: a different database and machine).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, TARGET } from '../lib/measure.js';
import { copyOf, queueOf } from '../lib/queues.js';

const CASE = '8 library';
const TARGET_PER_S = 20_000;

/** One execute in a fresh Node process; the clock runs around execute() only (open and close excluded). */
function once(dir, blocks) {
  const script = `
    const { openQueue } = await import(${JSON.stringify(pathToFileURL(path.join(TARGET, 'dist', 'src', 'index.js')).href)});
    const q = await openQueue({ cwd: ${JSON.stringify(dir)} });
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await q.execute({ n: ${blocks}, loggers: ['jsonl'] });
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    await q.close();
    process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, executed: r.executed }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`library execute exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  const out = JSON.parse(r.stdout);
  if (out.executed !== blocks) throw new Error(`library execute ran ${out.executed} of ${blocks} blocks`);
  return out;
}

export default async function library({ runs, quick }) {
  const blocks = quick ? 20_000 : 100_000;
  const { dir: base } = queueOf(blocks);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(once(copyOf(base), blocks));
  const times = results.map((r) => r.ms);
  const ms = median(times);
  const perS = (blocks * 1000) / ms;
  // CPU time is less sensitive to other work on the machine than wall time (fsync waits excluded).
  const perCpuS = (blocks * 1000) / median(results.map((r) => r.cpuMs));
  return [{ case: CASE, measure: `openQueue().execute({ n: ${blocks.toLocaleString('en')}, loggers: ['jsonl'] })`, ms, times, target: `>= ${TARGET_PER_S.toLocaleString('en')} blocks/s`, met: perS >= TARGET_PER_S, note: `${Math.round(perS).toLocaleString('en')} blocks/s (${Math.round(perCpuS).toLocaleString('en')} per CPU second); graphile-worker publishes 15.6k jobs/s (PostgreSQL, cited, not run)` }];
}
