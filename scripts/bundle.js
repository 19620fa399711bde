#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) with esbuild, for start-up time (measured in bench/):
// - dist/bundle/entry.js: the full CLI, ESM, code-split so per-command code stays lazy;
// - dist/bundle/fast-add.cjs: `workblock add` alone, CommonJS so bin/workblock.cjs can load it
//   through a V8 code cache (Node 20 has no module compile cache), then warmed to write that cache.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

fs.rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from earlier builds
const common = { bundle: true, platform: 'node', target: 'node20', minify: true, external: ['better-sqlite3'], logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['dist/src/cli/entry.js'],
  outdir: 'dist/bundle',
  splitting: true,
  format: 'esm',
  // CommonJS dependencies (cli-table3) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __wbRequire } from 'node:module'; const require = __wbRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['dist/src/cli/fast-entry.js'],
  outfile: 'dist/bundle/fast-add.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__wbImportMetaUrl' },
  banner: { js: "const __wbImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The launcher process the executor forks to spawn commands: small on purpose, CommonJS, no SQLite.
await build({ ...common, entryPoints: ['dist/src/exec/launcher-process.js'], outfile: 'dist/bundle/launcher.cjs', format: 'cjs' });

// One real `add` on a throw-away database writes the code cache next to the bundle.
fs.rmSync('dist/bundle/fast-add.cjs.cache', { force: true });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-warm-'));
const warm = spawnSync(process.execPath, ['bin/workblock.cjs', 'add', 'warm-up', '--db', path.join(scratch, 'warm.db')], { encoding: 'utf8' });
fs.rmSync(scratch, { recursive: true, force: true });
if (warm.status !== 0) throw new Error(`warm-up add failed: ${warm.stderr}`);
