#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only startup,commands]`: workblock side by side with its peers, one
// machine, one run. Prints a table and writes bench/results/latest.json. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './lib/measure.js';
import { ensurePeers } from './lib/peers.js';
import startup from './cases/startup.js';
import bulk from './cases/bulk.js';
import commands from './cases/commands.js';
import scale from './cases/scale.js';
import executors from './cases/executors.js';

const Table = createRequire(path.join(ROOT, 'package.json'))('cli-table3');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const log = (line) => process.stderr.write(`${line}\n`);
const ctx = { quick, runs: quick ? 3 : 5, log };
const cases = { startup, bulk, commands, scale, executors };

const notes = ensurePeers(log);
const rows = [];
for (const [name, run] of Object.entries(cases)) {
  if (only && !only.includes(name)) continue;
  log(`case ${name}...`);
  const t = performance.now();
  try {
    rows.push(...(await run(ctx)));
  } catch (e) {
    rows.push({ case: name, measure: 'ERROR', note: e.message.split('\n')[0] });
  }
  log(`case ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const fmt = (r) => (r.ms !== undefined ? `${r.ms.toFixed(1)} ms` : r.mib !== undefined ? `${r.mib.toFixed(1)} MiB` : '');
const table = new Table({ head: ['case', 'measure', 'median', 'ratio', 'target', 'met', 'note'], style: { head: [], border: [] }, wordWrap: true, colWidths: [12, 38, 12, 8, 22, 6, 40] });
for (const r of rows) table.push([r.case, r.measure, fmt(r), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note ?? '']);
console.log(table.toString());
for (const n of notes) console.log(`note: ${n}`);

const result = { date: new Date().toISOString(), quick, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() }, notes, rows };
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
