#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) with esbuild, for start-up time (measured in bench/):
// - dist/bundle/cli.cjs: the full CLI; per-command code stays lazy (esbuild evaluates a module
//   imported with import() only when it is first imported);
// - dist/bundle/fast-add.cjs: `workblock add` alone;
// - dist/bundle/fast-execute.cjs: `workblock execute` alone (no yargs, no other command).
// Both are CommonJS so bin/workblock.cjs can load them through a V8 code cache (Node 20 has no module
// compile cache). The caches are not written here: they belong to each user and Node build, and the
// first run of each bundle writes its own (bin/code-cache.cjs).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

fs.rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from earlier builds
/**
 * string-width (used by yargs' layout code) builds an Intl.Segmenter and Unicode
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
      // CommonJS, so that both `import stringWidth` (yargs) and `require('string-width')` get the function.
      contents: `let real;\nmodule.exports = function stringWidth(...a) { real ??= require(${JSON.stringify(args.path)}); return (real.default ?? real)(...a); };\n`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
/**
 * yargs reads its own package.json up from its install directory ("mainFilename") to guess a version
 * on every start; inside a bundle that directory is unknown, so it searched up from the working
 * directory instead, a readdir of every directory up to / when no package.json is near (30 ms in
 * /tmp here, measured with --cpu-prof). Ours is two levels above the bundle: it finds it at once.
 */
const yargsFromPackageRoot = {
  name: 'yargs-from-package-root',
  setup(build) {
    build.onLoad({ filter: /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const line = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";
      if (!source.includes(line)) throw new Error(`yargs changed: ${line} not found in ${args.path}`);
      return { contents: source.replace(line, "const mainFilename = fileURLToPath(new URL('../../', import.meta.url));"), resolveDir: path.dirname(args.path), loader: 'js' };
    });
  },
};
// NO_MINIFY=1 keeps names readable in --cpu-prof profiles.
// better-sqlite3's JavaScript is bundled too (its compiled addon is loaded by path, src/db/open.ts):
// required from node_modules it was a dozen files resolved and compiled without a code cache on every
// start, about 5 ms of CPU per `add` (measured with process.cpuUsage over 20 runs).
const common = { bundle: true, platform: 'node', target: 'node20', minify: !process.env.NO_MINIFY, logLevel: 'warning', plugins: [lazyStringWidth, yargsFromPackageRoot] };

// import.meta.url is what the code uses to find migrations and package.json.
const commonJs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__wbImportMetaUrl' },
  banner: { js: "const __wbImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
/**
 * `workblock serve` (the dashboard's server and page, ~45 KB) is a bundle of its own, loaded by
 * `serve` alone: inside cli.cjs it cost every other command a few ms of compile (measured).
 */
const serveApart = {
  name: 'serve-apart',
  setup(build) {
    // The import of serve/run.js becomes a require of serve.cjs beside cli.cjs (a plain require: an
    // import() would need the dynamic-import callback that code-cached scripts lack on Node 20).
    build.onResolve({ filter: /\/serve\/run\.js$/ }, () => ({ path: 'serve-run', namespace: 'serve-apart' }));
    build.onLoad({ filter: /.*/, namespace: 'serve-apart' }, () => ({ contents: "module.exports = require('./serve.cjs');\n", loader: 'js' }));
    build.onResolve({ filter: /^\.\/serve\.cjs$/ }, () => ({ path: './serve.cjs', external: true }));
  },
};
await build({ ...commonJs, entryPoints: ['dist/src/cli/entry.js'], outfile: 'dist/bundle/cli.cjs', plugins: [...common.plugins, serveApart] });
await build({ ...commonJs, entryPoints: ['dist/src/serve/run.js'], outfile: 'dist/bundle/serve.cjs' });
await build({ ...commonJs, entryPoints: ['dist/src/cli/fast-entry.js'], outfile: 'dist/bundle/fast-add.cjs' });
await build({ ...commonJs, entryPoints: ['dist/src/cli/fast-execute-entry.js'], outfile: 'dist/bundle/fast-execute.cjs' });
