// 8. SQLite and PostgreSQL side by side: blocks/s draining 100,000 blocks without a command (enough for
// the executors' start-up not to hide their steady pace) with 1, 2, 4 and 8 executors, taking turns over
// three rounds (medians), and the p99 latency of one claim while 8 claimers race. PostgreSQL runs on a
// throw-away local server (bench/lib/postgres-server.js), durability off like the test cluster: see bench/README.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BIN, median, ROOT, scratch } from '../lib/measure.js';
import { createDatabase, databaseUrl, postgresAvailable, startPostgres, stopPostgres } from '../lib/postgres-server.js';

const CASE = '8 backends';
const EXECUTOR_COUNTS = [1, 2, 4, 8];
const ROUNDS = 3;
const CLAIMER = path.join(ROOT, 'bench', 'lib', 'claim-latency.js');

function envFor(location) {
  return { ...process.env, NO_COLOR: '1', WORKBLOCK_DB: location };
}

/** A fresh queue of `blocks` plain blocks on the backend; returns its location. */
function freshQueue(backend, server, blocks) {
  const dir = scratch(`backend-${backend}`);
  const location = backend === 'postgres' ? databaseUrl(server, createDatabase(server)) : path.join(dir, 'data', 'workblocks.db');
  const input = Array.from({ length: blocks }, (_, i) => `block ${i}`).join('\n');
  // `add -` refuses empty input: an empty queue is set up by `migrate`.
  const args = blocks ? ['add', '-'] : ['migrate'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, env: envFor(location), stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { dir, location };
}

const GNU_TIME = '/usr/bin/time';
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * Runs `count` processes at once; `cpu` is their user+system seconds (GNU time's %U %S, when it is
 * installed), so the note can say where the time went on a machine shared with other work.
 */
function together(dir, location, count, argsOf) {
  const t = performance.now();
  const timed = fs.existsSync(GNU_TIME);
  return Promise.all(
    Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
      let out = '';
      const cpuFile = path.join(dir, `cpu-${i}.txt`);
      const [cmd, args] = timed ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...argsOf(i)]] : [process.execPath, argsOf(i)];
      const child = spawn(cmd, args, { cwd: dir, env: envFor(location), stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`process ${i} exited ${code}`));
        const cpu = timed ? fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, v) => a + Number(v), 0) : NaN;
        resolve({ out, cpu });
      });
    })),
  ).then((done) => ({ ms: performance.now() - t, outs: done.map((d) => d.out), cpu: done.reduce((a, d) => a + d.cpu, 0) }));
}

/**
 * CPU seconds of the server's exited processes so far (the postmaster's cutime + cstime): each
 * executor's backend exits with it, so a difference around a run is the server's share of that run
 * (autovacuum workers included).
 */
async function serverCpu(server) {
  if (!server) return NaN;
  await new Promise((resolve) => setTimeout(resolve, 200)); // backends exit just after their clients
  const pid = fs.readFileSync(path.join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** "node CPU 1.85 s, server 1.01 s" for the note, or '' where it could not be measured. */
function cpuNote(nodeCpu, serverSeconds) {
  const parts = [];
  if (Number.isFinite(nodeCpu)) parts.push(`executors' CPU ${nodeCpu.toFixed(2)} s`);
  if (Number.isFinite(serverSeconds)) parts.push(`server ${serverSeconds.toFixed(2)} s`);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

async function historyCount(location) {
  if (!location.startsWith('postgres')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(location, { readonly: true });
    const row = db.prepare('select count(*) n, count(distinct block_id) d from history').get();
    db.close();
    return row;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  const { rows } = await client.query('select count(*)::int n, count(distinct block_id)::int d from history');
  await client.end();
  return rows[0];
}

/** One drain: `count` executors at once on a fresh queue of `blocks`; blocks/s, CPU and exactly-once. */
async function drain(backend, server, blocks, count, log) {
  const { dir, location } = freshQueue(backend, server, blocks);
  const serverBefore = await serverCpu(server);
  const { ms, cpu } = await together(dir, location, count, () => [BIN, 'execute', String(blocks), '--logger', 'none']);
  const cpuText = cpuNote(cpu, (await serverCpu(server)) - serverBefore);
  const h = await historyCount(location);
  log(`${backend}: ${count} executor(s) drained ${blocks} in ${ms.toFixed(0)} ms`);
  if (backend === 'sqlite') fs.rmSync(dir, { recursive: true, force: true });
  return { ms, perSecond: blocks / (ms / 1000), cpuText, exact: Number(h.n) === blocks && Number(h.d) === blocks, history: Number(h.n) === Number(h.d) ? `${h.n} history rows` : `${h.n} history rows, ${h.d} distinct` };
}

function p99(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

export default async function backends({ quick, log }) {
  const blocks = quick ? 5000 : 100_000;
  const backendsToRun = ['sqlite', ...(postgresAvailable() ? ['postgres'] : [])];
  const server = backendsToRun.includes('postgres') ? await startPostgres() : null;
  const rows = [];
  try {
    for (const backend of backendsToRun) {
      const pg = backend === 'postgres' ? server : null;
      const runs = new Map(EXECUTOR_COUNTS.map((count) => [count, []]));
      // Taking turns, round by round, so every count sees the same spread of machine load.
      for (let round = 0; round < (quick ? 1 : ROUNDS); round++) {
        for (const count of EXECUTOR_COUNTS) runs.get(count).push(await drain(backend, pg, blocks, count, log));
      }
      const single = median(runs.get(1).map((r) => r.perSecond));
      for (const count of EXECUTOR_COUNTS) {
        const all = runs.get(count);
        const mid = all.find((r) => r.perSecond === median(all.map((x) => x.perSecond))) ?? all[0];
        const exact = all.every((r) => r.exact);
        // On PostgreSQL, executors share the work: more of them must drain faster than one.
        const grows = backend === 'postgres' && count > 1;
        const met = mid.perSecond > single && exact && (count < 8 || mid.perSecond >= 5000);
        rows.push({
          case: CASE,
          measure: `${backend}: ${count} executor(s), ${blocks.toLocaleString('en')} no-command blocks, blocks/s (median of ${all.length})`,
          ms: mid.ms,
          times: all.map((r) => r.ms),
          ratio: mid.perSecond / single,
          ...(grows ? { target: count === 8 ? '>= 5,000 blocks/s and > 1 executor, exactly once' : '> 1 executor, exactly once', met } : {}),
          note: `${all.map((r) => Math.round(r.perSecond).toLocaleString('en')).join(', ')} blocks/s; ${exact ? `exactly once in every run (${mid.history})` : `EXACTLY-ONCE VIOLATED: ${all.find((r) => !r.exact).history}`}${mid.cpuText}`,
        });
      }
      // The part of the 8-executor row that is not per block: 8 processes starting, connecting, finding nothing.
      const empty = freshQueue(backend, server, 0);
      const idleBefore = await serverCpu(pg);
      const { ms: idleMs, cpu: idleCpu } = await together(empty.dir, empty.location, 8, () => [BIN, 'execute', String(blocks), '--logger', 'none']);
      const idleCpuText = cpuNote(idleCpu, (await serverCpu(pg)) - idleBefore);
      rows.push({ case: CASE, measure: `${backend}: 8 executor(s) on an empty queue (start-up, connection, exit)`, ms: idleMs, note: `the fixed part of the 8-executor row${idleCpuText}` });
      const claims = quick ? 200 : 500;
      const { dir, location } = freshQueue(backend, server, claims * 8);
      const { outs } = await together(dir, location, 8, () => [CLAIMER, location, String(claims)]);
      const results = outs.map((o) => JSON.parse(o));
      const latencies = results.flatMap((r) => r.times);
      const failed = results.reduce((n, r) => n + r.failed, 0);
      const failure = failed ? `; ${failed} claims gave up (${results.find((r) => r.failed).lastError.slice(0, 60)})` : '';
      rows.push({ case: CASE, measure: `${backend}: claim latency p99, 8 claimers, ${latencies.length} claims of 1 block`, ms: p99(latencies), note: `median ${latencies.sort((a, b) => a - b)[latencies.length >> 1].toFixed(2)} ms${failure}` });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (server) stopPostgres(server);
  }
  return rows;
}
