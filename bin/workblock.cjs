#!/usr/bin/env node
'use strict';
// The installed command. The bundles are CommonJS, loaded through a V8 code cache kept per user and per
// Node build (bin/code-cache.cjs; Node 20 has no module compile cache): that halves the cost of
// compiling the CLI on every start.
// `add` runs on every planning step and `execute` on every sprint, cron tick or heartbeat (four
// executors pay four start-ups), so each first tries a smaller bundle that holds only that command.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const { readCache, writeCache } = require('./code-cache.cjs');

const bundleDir = path.join(__dirname, '..', 'dist', 'bundle');
// Node 20 drops import()'s callback in a script compiled from a code cache: lend ours (src/import-module.ts).
globalThis.__workblockImport = (url) => import(url);

function loadCached(name, optimizing = () => false) {
  const file = path.join(bundleDir, name);
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = readCache(file);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  // Decided now, so that the cache's bytes (hundreds of KiB) are not kept alive by saveCache.
  const stale = !cachedData || script.cachedDataRejected;
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, bundleDir);
  // After a run the cache also holds the functions it compiled; a stale or missing one is rewritten.
  const saveCache = () => {
    if (stale && !optimizing()) writeCache(file, () => script.createCachedData());
  };
  return { exports: mod.exports, saveCache };
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'add') return runFast('fast-add.cjs', 'runFastAdd', argv);
  if (argv[0] === 'execute' || argv[0] === 'exec') {
    // `execute` runs for a while, so it gets the V8 settings (see runFullCli), `add` does not.
    const { optimizing } = require('./v8-settings.cjs');
    return runFast('fast-execute.cjs', 'runFastExecute', argv, optimizing);
  }
  await runFullCli(argv);
}

/** The command's own small bundle first; what it declines (help, an unusual flag) goes to the full CLI. */
async function runFast(bundle, entry, argv, optimizing) {
  const fast = loadCached(bundle, optimizing);
  const handled = await fast.exports[entry](argv);
  if (!handled) return runFullCli(argv); // (a declined command ran too little to be worth caching)
  if (!process.exitCode) fast.saveCache();
}

/**
 * A cache is written once, after the first run that finds none, and then kept while V8 accepts it:
 * so it is written only after a run that did real work (not help, a version or a failure), whose
 * compiled functions are the ones the next runs need.
 */
const LIGHT_RUN = new Set(['--help', '-h', '--version', 'help', 'completion', '--get-yargs-completions']);

async function runFullCli(argv) {
  // Before the bundle is compiled (the code cache depends on them). Not for `add`'s fast bundle: a
  // planning step is over in tens of milliseconds, and even loading `node:v8` shows there.
  const { optimizing } = require('./v8-settings.cjs');
  const cli = loadCached('cli.cjs', optimizing);
  await cli.exports.run(argv);
  if (argv.length && !argv.some((a) => LIGHT_RUN.has(a)) && !process.exitCode) cli.saveCache();
}

main();
