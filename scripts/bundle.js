#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) into dist/bundle with esbuild: one parse instead of hundreds of
// module resolutions at start-up. Lazy imports stay lazy (code splitting); better-sqlite3 is native.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/entry.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  external: ['better-sqlite3'],
  // CommonJS dependencies (cli-table3) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __wbRequire } from 'node:module'; const require = __wbRequire(import.meta.url);" },
  logLevel: 'warning',
});
