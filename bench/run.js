#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only=startup,commands] [-- --keep]`: workblock side by side with its
// peers, one machine, one run. Prints a table and writes bench/results/latest.json. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { endScratch, fileCreateMs, ROOT, TARGET } from './lib/measure.js';
import { ensurePeers } from './lib/peers.js';
import startup from './cases/startup.js';
import bulk from './cases/bulk.js';
import execute from './cases/execute.js';
import commands from './cases/commands.js';
import scale from './cases/scale.js';
import memory from './cases/memory.js';
import executors from './cases/executors.js';
import backends from './cases/backends.js';
import library from './cases/library.js';

const Table = createRequire(path.join(ROOT, 'package.json'))('cli-table3');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const log = (line) => process.stderr.write(`${line}\n`);
const ctx = { quick, runs: quick ? 3 : 5, log };
const cases = { startup, bulk, execute, commands, scale, memory, executors, library, backends };
if (only?.some((name) => !cases[name])) {
  log(`--only takes case names: ${Object.keys(cases).join(', ')}`);
  process.exit(2);
}

const started = performance.now();
const loadAtStart = os.loadavg()[0];
const createsAtStart = fileCreateMs();
let createsAtEnd = null;
const notes = ensurePeers(log);
const rows = [];
try {
  for (const [name, run] of Object.entries(cases)) {
    if (only && !only.includes(name)) continue;
    log(`case ${name}...`);
    const t = performance.now();
    try {
      rows.push(...(await run(ctx)));
    } catch (e) {
      // A failing command (the code under test may be changing) is recorded, and the other cases go on.
      rows.push({ case: name, measure: 'ERROR', error: String(e?.message ?? e).split('\n')[0] });
    }
    log(`case ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  createsAtEnd = fileCreateMs();
  const keep = argv.includes('--keep');
  const dir = endScratch({ keep });
  if (keep && dir) log(`scratch databases kept in ${dir}`);
}

printTable(rows);
for (const n of notes) console.log(`note: ${n}`);
const seconds = (performance.now() - started) / 1000;
console.log(`${rows.filter((r) => r.met === true).length} targets met, ${rows.filter((r) => r.met === false).length} missed, ${rows.filter((r) => r.error).length} errors; ${seconds.toFixed(0)} s`);
// Other work on the machine inflates absolute figures; ratios from one run suffer less.
if (TARGET !== ROOT) console.log(`build under test: ${TARGET}`);
console.log(`load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0].toFixed(2)}, on ${os.cpus().length} cores`);
console.log(`creating a file in the scratch directory (${os.tmpdir()}): median ${createsAtStart.toFixed(3)} ms at start, ${createsAtEnd.toFixed(3)} ms at end`);

const machine = { target: TARGET === ROOT ? null : TARGET, cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg_start: loadAtStart, loadavg_end: os.loadavg(), file_create_ms_start: createsAtStart, file_create_ms_end: createsAtEnd };
const result = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', only: only ?? null, seconds, machine, notes, cases: rows.map(toJson) };
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
// A run of some cases only must not replace the last complete one.
const out = TARGET !== ROOT ? 'other-build.json' : only ? 'partial.json' : 'latest.json';
fs.writeFileSync(path.join(ROOT, 'bench', 'results', out), `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote bench/results/${out}`);

/** One JSON entry per measure: name, median_ms (or median_mib), runs, ratio, target, met. */
function toJson(r) {
  const figure = r.mib !== undefined ? { median_mib: r.mib } : { median_ms: r.ms ?? null };
  return { case: r.case, name: r.measure, ...figure, runs: r.times ?? [], ratio: r.ratio ?? null, target: r.target ?? null, met: r.met ?? null, note: r.note ?? null, error: r.error ?? null };
}

function printTable(list) {
  const fmt = (r) => (r.ms !== undefined ? `${r.ms.toFixed(1)} ms` : r.mib !== undefined ? `${r.mib.toFixed(1)} MiB` : '');
  const table = new Table({ head: ['case', 'measure', 'median', 'n', 'ratio', 'target', 'met', 'note'], style: { head: [], border: [] }, wordWrap: true, colWidths: [12, 34, 11, 4, 8, 17, 5, 40] });
  for (const r of list) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : 'NO';
    const note = r.error ? `ERROR: ${r.error}` : (r.note ?? '');
    table.push([r.case, r.measure, fmt(r), r.times ? String(r.times.length) : '', r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`, r.target ?? '', met, note]);
  }
  console.log(table.toString());
}
