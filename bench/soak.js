#!/usr/bin/env node
// `npm run soak [-- TRIALS]`: many kill -9 trials (default 500); prints the totals and exits 1 on any problem.
import { runKillTrials } from './lib/kill-trials.js';

const trials = Number(process.argv[2] ?? 500);
const started = Date.now();
const result = await runKillTrials({ trials, log: (line) => process.stderr.write(`\r${line}`) });
process.stderr.write('\n');
console.log(JSON.stringify({ ...result, problems: result.problems.slice(0, 20), seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
process.exitCode = result.problems.length ? 1 : 0;
