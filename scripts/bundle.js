#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) with esbuild, for start-up time (measured in bench/):
// - dist/bundle/cli.cjs: the full CLI; per-command code stays lazy (esbuild evaluates a module
//   imported with import() only when it is first imported);
// - dist/bundle/fast-add.cjs: `workblock add` alone.
// Both are CommonJS so bin/workblock.cjs can load them through a V8 code cache (Node 20 has no module
// compile cache), and both are warmed here to write that cache.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

fs.rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from earlier builds
/**
 * string-width (used by yargs' and cli-table3's layout code) builds an Intl.Segmenter and Unicode
 * property regexes when it loads: 45 ms of every start-up (measured with --cpu-prof), while a command
 * that prints no help or table never calls it. This loads it on its first call instead.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      // CommonJS, so that both `import stringWidth` (yargs) and `require('string-width')` (cli-table3) get the function.
      contents: `let real;\nmodule.exports = function stringWidth(...a) { real ??= require(${JSON.stringify(args.path)}); return (real.default ?? real)(...a); };\n`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
// NO_MINIFY=1 keeps names readable in --cpu-prof profiles.
const common = { bundle: true, platform: 'node', target: 'node20', minify: !process.env.NO_MINIFY, external: ['better-sqlite3'], logLevel: 'warning', plugins: [lazyStringWidth] };

// import.meta.url is what the code uses to find migrations and package.json.
const commonJs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__wbImportMetaUrl' },
  banner: { js: "const __wbImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...commonJs, entryPoints: ['dist/src/cli/entry.js'], outfile: 'dist/bundle/cli.cjs' });
await build({ ...commonJs, entryPoints: ['dist/src/cli/fast-entry.js'], outfile: 'dist/bundle/fast-add.cjs' });

// Real runs on a throw-away database write the code caches next to the bundles. The full CLI's cache
// is written by an execute of a command block, the path where start-up counts most.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-warm-'));
const warm = (...args) => {
  const r = spawnSync(process.execPath, ['bin/workblock.cjs', ...args, '--db', path.join(scratch, 'warm.db')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`warm-up \`${args.join(' ')}\` failed: ${r.stderr}`);
};
try {
  warm('add', 'warm-up', '--cmd', 'true'); // creates the database through the full CLI: no cache yet
  fs.rmSync('dist/bundle/cli.cjs.cache', { force: true });
  fs.rmSync('dist/bundle/fast-add.cjs.cache', { force: true });
  warm('add', 'warm-up');
  warm('execute', '1', '--logger', 'none');
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
