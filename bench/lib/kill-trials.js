// Kill -9 trials: start `workblock execute` on a queue of blocks (with and without commands), SIGKILL it
// at a random moment, recover, and check that nothing was lost, nothing completed twice and the
// database is intact. Used by test/reliability/kill9.test.ts (CI) and bench/soak.js (500+ trials).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'workblock.cjs');

function cli(args, cwd, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`workblock ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Adds `count` blocks, one in four with a short command; returns their ids. */
function fill(cwd, count) {
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify(i % 4 === 0 ? { task: `cmd ${i}`, cmd: 'sleep 0.01' } : { task: `plain ${i}` }));
  cli(['add', '-'], cwd, lines.join('\n'));
}

/** Checks the invariants; returns a list of problems (empty when all is well). */
export function checkInvariants(dbFile, expected) {
  const db = new Database(dbFile, { readonly: true });
  try {
    const problems = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const dupes = db.prepare("select block_id, count(*) n from history where outcome = 'success' group by block_id having n > 1").all();
    if (dupes.length) problems.push(`duplicates in history: ${dupes.map((d) => d.block_id).join(', ')}`);
    const queued = db.prepare('select id, status from blocks').all();
    const stuck = queued.filter((b) => b.status === 'running');
    if (stuck.length) problems.push(`stuck running after recover: ${stuck.map((b) => b.id).join(', ')}`);
    const actual = Object.fromEntries(db.prepare('select status, count(*) n from blocks group by status').all().map((r) => [r.status, r.n]));
    const kept = db.prepare('select status, n from block_counts where n <> 0').all();
    if (kept.some((r) => actual[r.status] !== r.n) || Object.keys(actual).length !== kept.length) problems.push(`block_counts ${JSON.stringify(kept)} disagree with ${JSON.stringify(actual)}`);
    const present = new Set([...queued.map((b) => b.id), ...db.prepare("select block_id from history where outcome = 'success'").all().map((h) => h.block_id)]);
    const lost = [...expected].filter((id) => !present.has(id));
    if (lost.length) problems.push(`lost blocks: ${lost.slice(0, 10).join(', ')}`);
    return problems;
  } finally {
    db.close();
  }
}

/** Runs `trials` kill -9 trials; returns { trials, kills, completed, problems }. */
export async function runKillTrials({ trials, blocks = 300, maxDelayMs = 600, log = () => {} }) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-kill-'));
  const dbFile = path.join(cwd, 'data', 'workblocks.db');
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
    const child = spawn(process.execPath, [BIN, 'execute', String(blocks), '--logger', 'jsonl'], { cwd, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 20 + Math.random() * (maxDelayMs - 20)));
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      kills++;
    }
    await exited;
    cli(['recover'], cwd);
    for (const p of checkInvariants(dbFile, expected)) problems.push(`trial ${t}: ${p}`);
    if (Number(cli(['list', '--count'], cwd)) < blocks / 4) refill();
    log(`trial ${t}/${trials}: ${problems.length} problem(s) so far`);
  }
  // Drain what is left and check once more: every block completes exactly once in the end.
  cli(['execute', String(expected.size), '--logger', 'none'], cwd);
  for (const p of checkInvariants(dbFile, expected)) problems.push(`final: ${p}`);
  const db = new Database(dbFile, { readonly: true });
  const completed = db.prepare("select count(distinct block_id) n from history where outcome = 'success'").get().n;
  db.close();
  fs.rmSync(cwd, { recursive: true, force: true });
  return { trials, kills, blocks: expected.size, completed, problems };
}
