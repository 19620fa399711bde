#!/usr/bin/env node
'use strict';
// The installed command. `add` runs on every planning step, so it takes a fast path: a small
// CommonJS bundle loaded through a V8 code cache. Everything else loads the full (ESM) CLI.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const bundleDir = path.join(__dirname, '..', 'dist', 'bundle');

function loadFastAdd() {
  const file = path.join(bundleDir, 'fast-add.cjs');
  const cacheFile = `${file}.cache`;
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, // migrations are imported
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, bundleDir);
  // After a run the cache also holds the functions it compiled; a stale or missing one is rewritten.
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      fs.writeFileSync(cacheFile, script.createCachedData());
    } catch (e) {
      if (!['EACCES', 'EROFS', 'EPERM'].includes(e.code)) throw e; // read-only install: run uncached
    }
  };
  return { runFastAdd: mod.exports.runFastAdd, saveCache };
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'add') {
    const fast = loadFastAdd();
    const handled = await fast.runFastAdd(argv);
    fast.saveCache();
    if (handled) return;
  }
  const { run } = await import('../dist/bundle/entry.js');
  await run(argv);
}

main();
