// Kill -9 trials: start `workblock execute` on a queue of blocks (with and without commands), SIGKILL it
// at a random moment, recover, and check that nothing was lost, nothing completed twice and the
// database is intact. Used by test/reliability/kill9.test.ts (CI) and bench/soak.js (500+ trials).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'workblock.cjs');

/** WORKBLOCK_DB for the children: a postgres:// URL, or undefined for the SQLite file under cwd. */
let databaseUrl;
const childEnv = () => {
  const env = { ...process.env, NO_COLOR: '1', WORKBLOCK_DB: databaseUrl };
  if (!databaseUrl) delete env.WORKBLOCK_DB;
  return env;
};

function cli(args, cwd, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: childEnv() });
  if (r.status !== 0) throw new Error(`workblock ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Adds `count` blocks, one in four with a short command; returns their ids. */
function fill(cwd, count) {
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify(i % 4 === 0 ? { task: `cmd ${i}`, cmd: 'sleep 0.01' } : { task: `plain ${i}` }));
  cli(['add', '-'], cwd, lines.join('\n'));
}

/** Read-only queries on either backend: better-sqlite3 for a file, node-postgres for a URL. */
async function inspect(location, work) {
  if (!location.startsWith('postgres')) {
    const db = new Database(location, { readonly: true });
    try {
      return await work({ all: async (sql) => db.prepare(sql).all(), integrity: async () => db.pragma('integrity_check', { simple: true }) });
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location, types: { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) } });
  await client.connect();
  try {
    // PostgreSQL keeps its own pages consistent; "intact" here is the schema's constraints, checked by the queries below.
    return await work({ all: async (sql) => (await client.query(sql)).rows, integrity: async () => 'ok' });
  } finally {
    await client.end();
  }
}

/** Checks the invariants; returns a list of problems (empty when all is well). */
export async function checkInvariants(location, expected) {
  return inspect(location, async (db) => {
    const problems = [];
    const integrity = await db.integrity();
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const dupes = await db.all("select block_id, count(*) as n from history where outcome = 'success' group by block_id having count(*) > 1");
    if (dupes.length) problems.push(`duplicates in history: ${dupes.map((d) => d.block_id).join(', ')}`);
    const queued = await db.all('select id, status from blocks');
    const stuck = queued.filter((b) => b.status === 'running');
    if (stuck.length) problems.push(`stuck running after recover: ${stuck.map((b) => b.id).join(', ')}`);
    const actual = Object.fromEntries((await db.all('select status, count(*) as n from blocks group by status')).map((r) => [r.status, r.n]));
    const kept = await db.all('select status, n from block_counts where n <> 0');
    if (kept.some((r) => actual[r.status] !== r.n) || Object.keys(actual).length !== kept.length) problems.push(`block_counts ${JSON.stringify(kept)} disagree with ${JSON.stringify(actual)}`);
    const present = new Set([...queued.map((b) => b.id), ...(await db.all("select block_id from history where outcome = 'success'")).map((h) => h.block_id)]);
    const lost = [...expected].filter((id) => !present.has(id));
    if (lost.length) problems.push(`lost blocks: ${lost.slice(0, 10).join(', ')}`);
    return problems;
  });
}

/** Runs `trials` kill -9 trials; returns { trials, kills, completed, problems }. */
export async function runKillTrials({ trials, blocks = 300, maxDelayMs = 600, log = () => {}, db }) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-kill-'));
  databaseUrl = db;
  const dbFile = db ?? path.join(cwd, 'data', 'workblocks.db');
  const expected = new Set();
  let next = 1;
  const refill = () => {
    fill(cwd, blocks);
    for (let i = 0; i < blocks; i++) expected.add(next++);
  };
  refill();
  const problems = [];
  let kills = 0;
  for (let t = 1; t <= trials; t++) {
    const child = spawn(process.execPath, [BIN, 'execute', String(blocks), '--logger', 'jsonl'], { cwd, stdio: 'ignore', env: childEnv() });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 20 + Math.random() * (maxDelayMs - 20)));
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      kills++;
    }
    await exited;
    cli(['recover'], cwd);
    for (const p of await checkInvariants(dbFile, expected)) problems.push(`trial ${t}: ${p}`);
    if (Number(cli(['list', '--count'], cwd)) < blocks / 4) refill();
    log(`trial ${t}/${trials}: ${problems.length} problem(s) so far`);
  }
  // Drain what is left and check once more: every block completes exactly once in the end.
  cli(['execute', String(expected.size), '--logger', 'none'], cwd);
  for (const p of await checkInvariants(dbFile, expected)) problems.push(`final: ${p}`);
  const [{ n: completed }] = await inspect(dbFile, (q) => q.all("select count(distinct block_id) as n from history where outcome = 'success'"));
  fs.rmSync(cwd, { recursive: true, force: true });
  return { trials, kills, blocks: expected.size, completed, problems };
}
