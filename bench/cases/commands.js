// 4. 200 command blocks (20 with --quick) running `true`: sequential vs a plain Node loop; --concurrency 2 vs
// tsp -S 2, started inside the clock and already up behind a gate as tsp's server is; nq.
import path from 'node:path';
import { attempt, fillBlocks, interleaved, interleavedAsync, medianOf, medianOfAsync, ROOT, scratch, timeRun, workblock } from '../lib/measure.js';
import { copyOf } from '../lib/queues.js';
import { have } from '../lib/peers.js';
import { runNq, runTsp } from '../lib/spoolers.js';
import { fillGated, runGated, runWaiting } from '../lib/resident.js';

const CASE = '4 commands';
const loop = path.join(ROOT, 'bench', 'peers', 'spawn-loop.js');
const commandLine = () => JSON.stringify({ task: 't', cmd: 'true' });

export default async function commands({ runs, quick }) {
  const jobs = quick ? 20 : 200;
  const base = scratch('cmd');
  fillBlocks(base, jobs, commandLine);
  // The copy is made before the clock starts (arguments are evaluated first), so it is not timed.
  const exec = (...flags) => () => workblock(['execute', String(jobs), ...flags], { cwd: copyOf(base) });
  // Taking turns, so the loop and workblock see the same machine load.
  const t = interleaved(runs, {
    plain: () => timeRun(process.execPath, [loop, String(jobs), '1']),
    seq: exec('--logger', 'none'),
    ...(quick ? {} : { seqMd: exec('--logger', 'markdown') }),
    plain2: () => timeRun(process.execPath, [loop, String(jobs), '2']),
    par: exec('--concurrency', '2', '--logger', 'none'),
  });
  const ratio = (a, b) => t[a].median / t[b].median;
  const rows = [
    { case: CASE, measure: `plain node loop, ${jobs} x sh -c true`, ms: t.plain.median, times: t.plain.times },
    { case: CASE, measure: `execute ${jobs} sequential (no logger)`, ms: t.seq.median, times: t.seq.times, ratio: ratio('seq', 'plain'), target: '<= 1.0x plain loop', met: ratio('seq', 'plain') <= 1.0 },
    { case: CASE, measure: 'plain node loop, 2 at a time', ms: t.plain2.median, times: t.plain2.times },
    { case: CASE, measure: `execute ${jobs} --concurrency 2`, ms: t.par.median, times: t.par.times, ratio: ratio('par', 'plain2'), note: 'ratio = / plain loop 2 at a time' },
  ];
  if (t.seqMd) rows.splice(2, 0, { case: CASE, measure: `execute ${jobs} sequential (markdown)`, ms: t.seqMd.median, times: t.seqMd.times, ratio: ratio('seqMd', 'plain'), note: 'ratio = / plain loop' });
  if (have('tsp')) {
    rows.push(...(await attempt(CASE, 'tsp -S 2', async () => {
      // Both behind the same gate, taking turns: tsp's server and an `execute` already running, each
      // holding both slots with a gate job while the 200 wait, timed from the gate opening.
      const { gated, ready } = await interleavedAsync(runs, {
        gated: () => {
          const dir = scratch('gated');
          fillGated(dir, jobs, commandLine);
          return runGated(dir, jobs, ['--logger', 'none']);
        },
        ready: () => runTsp(scratch('tsp'), jobs, { gated: true }),
      });
      const out = [
        { case: CASE, measure: `tsp -S 2: run ${jobs} already queued (peer)`, ms: ready.median, times: ready.times },
        { case: CASE, measure: `execute ${jobs} -c 2 vs tsp, run only`, ms: t.par.median, ratio: t.par.median / ready.median, target: 'faster than tsp -S 2', met: t.par.median < ready.median, note: 'execute starts up inside the clock; tsp\'s server is already up' },
        { case: CASE, measure: `execute ${jobs} -c 2 already up, gated like tsp`, ms: gated.median, times: gated.times, ratio: gated.median / ready.median, target: 'faster than tsp -S 2', met: gated.median < ready.median },
      ];
      if (quick) return out;
      // Queue + run, as a user would: one `add -` into an existing queue then execute, against one
      // `tsp true` per job then waiting. Only the copy of the empty queue is not timed.
      const empty = scratch('cmd-empty');
      workblock(['list', '--count'], { cwd: empty }); // creates and migrates the database
      const queued = medianOf(runs, () => runTsp(scratch('tsp'), jobs, { gated: false }));
      const withAdd = medianOf(runs, () => {
        const d = copyOf(empty);
        return fillBlocks(d, jobs, commandLine) + workblock(['execute', String(jobs), '--concurrency', '2', '--logger', 'none'], { cwd: d });
      });
      out.push({ case: CASE, measure: `tsp -S 2: queue + run ${jobs} (peer)`, ms: queued.median, times: queued.times });
      out.push({ case: CASE, measure: 'workblock add - + execute -c 2', ms: withAdd.median, times: withAdd.times, ratio: withAdd.median / queued.median, target: 'faster than tsp -S 2', met: withAdd.median < queued.median });
      // And with the executor already up, waiting on the empty queue (execute --wait), as tsp's server
      // is. An attempt of its own: a build from before --wait fails this row only.
      out.push(
        ...(await attempt(CASE, 'execute --wait', async () => {
          const waiting = await medianOfAsync(runs, () => runWaiting(copyOf(empty), jobs, commandLine, ['--logger', 'none']));
          return [{ case: CASE, measure: 'add - with execute --wait -c 2 already up', ms: waiting.median, times: waiting.times, ratio: waiting.median / queued.median, note: 'ratio = / tsp queue + run' }];
        })),
      );
      return out;
    })));
  } else rows.push({ case: CASE, measure: 'tsp', note: 'tsp missing: skipped' });
  if (have('nq')) {
    rows.push(...(await attempt(CASE, 'nq', () => {
      const nq = medianOf(runs, () => runNq(scratch('nq'), jobs));
      return [{ case: CASE, measure: `nq: queue + run ${jobs} (peer, sequential)`, ms: nq.median, times: nq.times, ratio: t.seq.median / nq.median, note: 'ratio = workblock sequential / nq' }];
    })));
  } else rows.push({ case: CASE, measure: 'nq', note: 'nq missing: skipped' });
  return rows;
}
