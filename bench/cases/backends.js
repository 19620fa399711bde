// 8. SQLite and PostgreSQL side by side: blocks/s draining blocks without a command with 1, 4 and 8
// executors, and the p99 latency of one claim while 8 claimers race. PostgreSQL runs on a throw-away
// local server (bench/lib/postgres-server.js), durability off like the test cluster: see bench/README.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BIN, ROOT, scratch } from '../lib/measure.js';
import { createDatabase, databaseUrl, postgresAvailable, startPostgres, stopPostgres } from '../lib/postgres-server.js';

const CASE = '8 backends';
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

function together(dir, location, count, argsOf) {
  const t = performance.now();
  return Promise.all(
    Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
      let out = '';
      const child = spawn(process.execPath, argsOf(i), { cwd: dir, env: envFor(location), stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`process ${i} exited ${code}`))));
    })),
  ).then((outs) => ({ ms: performance.now() - t, outs }));
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

function p99(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

export default async function backends({ quick, log }) {
  const blocks = quick ? 5000 : 20_000;
  const backendsToRun = ['sqlite', ...(postgresAvailable() ? ['postgres'] : [])];
  const server = backendsToRun.includes('postgres') ? await startPostgres() : null;
  const rows = [];
  try {
    for (const backend of backendsToRun) {
      let single;
      for (const executors of [1, 4, 8]) {
        const { dir, location } = freshQueue(backend, server, blocks);
        const { ms } = await together(dir, location, executors, () => [BIN, 'execute', String(blocks), '--logger', 'none']);
        const h = await historyCount(location);
        const exact = Number(h.n) === blocks && Number(h.d) === blocks;
        const perSecond = blocks / (ms / 1000);
        single ??= perSecond;
        log(`${backend}: ${executors} executor(s) drained ${blocks} in ${ms.toFixed(0)} ms`);
        const goal = backend === 'postgres' && executors === 8;
        rows.push({
          case: CASE,
          measure: `${backend}: ${executors} executor(s), ${blocks.toLocaleString('en')} no-command blocks, blocks/s`,
          ms,
          ratio: perSecond / single,
          ...(goal ? { target: '>= 5,000 blocks/s, exactly once', met: perSecond >= 5000 && exact } : {}),
          note: `${Math.round(perSecond).toLocaleString('en')} blocks/s; ${exact ? `exactly once (${h.n} history rows)` : `EXACTLY-ONCE VIOLATED: ${h.n} rows, ${h.d} distinct`}`,
        });
      }
      // The part of the 8-executor row that is not per block: 8 processes starting, connecting, finding nothing.
      const empty = freshQueue(backend, server, 0);
      const { ms: idleMs } = await together(empty.dir, empty.location, 8, () => [BIN, 'execute', String(blocks), '--logger', 'none']);
      rows.push({ case: CASE, measure: `${backend}: 8 executor(s) on an empty queue (start-up, connection, exit)`, ms: idleMs, note: `fixed part of the 8-executor row above` });
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
