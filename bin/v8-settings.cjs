'use strict';
// V8 settings for the command's own process, set before any of workblock's code loads. Most commands
// live well under a second: too short for V8's optimizing compiler (TurboFan) to pay back its compile
// threads' CPU, its memory and the pages of the `node` binary that hold it. Measured on
// `execute 10000` (bench/README.md, "Round 3"): less peak RSS and less CPU, and four executors
// sharing two cores finish sooner.
// - --no-opt: no TurboFan at first. It comes back on after OPTIMIZE_AFTER_MS, so a long run
//   (`execute 100000`, `serve`, `execute --wait`) still gets optimized code for its hot loop.
// - --semi-space-growth-factor=1: the young generation keeps its first size (2 MiB) instead of
//   growing to 16 MiB while the command loads and runs; read whenever it would grow.
// (--optimize-for-size was tried too: four executors under SCHED_FIFO then stalled for 20 s.)
// Every command but `add`'s fast path sets these (a planning step is over in tens of milliseconds);
// the library (`openQueue`) leaves its host's V8 alone. Each is read where it applies (a tier-up
// decision, a young-generation resize), so setting it now takes effect.
const v8 = require('node:v8');

const OPTIMIZE_AFTER_MS = 1500;
let optimizing = false;

v8.setFlagsFromString('--no-opt');
v8.setFlagsFromString('--semi-space-growth-factor=1');
setTimeout(() => {
  optimizing = true;
  v8.setFlagsFromString('--opt');
}, OPTIMIZE_AFTER_MS).unref();

/**
 * True once the optimizer is back on. V8 rejects a code cache made under other flags, so a cache is
 * written only while the flags are still those every run starts with.
 */
exports.optimizing = () => optimizing;
