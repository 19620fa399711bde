/**
 * The package as a new user gets it: `npm pack` on a clean copy of the sources (prepack builds), the
 * tarball installed with `npm install -g --prefix`, the installed command run from an empty directory.
 * better-sqlite3 compiles during the install when no prebuilt binary can be fetched: about a minute.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/backend.js';
import { cliEnv, ROOT, tempDir } from '../helpers/cli.js';

/** The project's own files (tracked or new, not ignored: no dist/, no node_modules/) copied to `to`. */
function copySources(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue; // deleted but not yet committed
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(to, f));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules')); // the build's tools
}

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// Packing and installing does not depend on the queue's backend, and takes minutes: SQLite runs it.
describe.skipIf(onPostgres)('the npm package', () => {
  it('packs from clean sources, installs with npm install -g, and runs from an empty directory', () => {
    const work = tempDir('wb-pack-');
    const sources = path.join(work, 'src');
    copySources(sources);

    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], sources)) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
    const shipped = packed.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['bin/workblock.cjs', 'bin/code-cache.cjs', 'dist/bundle/cli.cjs', 'dist/bundle/fast-add.cjs', 'dist/bundle/fast-execute.cjs', 'dist/bundle/serve.cjs', 'dist/src/index.js', 'dist/migrations/0001_init.js', 'schema/workblock.schema.json', 'README.md', 'LICENSE', 'package.json']));
    expect(shipped.filter((f) => /^(src|test|bench|scripts|\.ci|migrations)\/|\.cache$|^tsconfig/.test(f))).toEqual([]);

    const prefix = path.join(work, 'prefix');
    const started = Date.now();
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], work);
    const installMs = Date.now() - started;
    process.stderr.write(`pack-install: tarball ${packed.size} bytes, ${shipped.length} files; npm install -g took ${installMs} ms\n`);

    const bin = path.join(prefix, 'bin', 'workblock');
    const empty = tempDir('wb-empty-');
    const cacheHome = path.join(work, 'cache');
    const run = (args: string[]) => {
      const r = spawnSync(bin, args, { cwd: empty, env: cliEnv({ XDG_CACHE_HOME: cacheHome }), encoding: 'utf8' });
      expect(r.status, `workblock ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(['--version']).trim()).toBe(version);
    expect(run(['add', 'say hello', '--cmd', 'echo hello'])).toBe('1\n');
    expect(run(['add', 'a plain block'])).toBe('2\n');
    expect(run(['list', '--format', 'tsv'])).toMatch(/^1\t.*say hello/m);
    run(['execute', '2', '--logger', 'none']);
    expect(run(['list', '--count'])).toBe('0\n');
    expect(fs.existsSync(path.join(empty, 'data', 'workblocks.db'))).toBe(true);
    // The code caches went to the user's cache, not into the installed package.
    expect(fs.readdirSync(path.join(cacheHome, 'workblock', `node-${process.version}-${process.arch}`)).length).toBeGreaterThan(0);
    const installed = path.join(prefix, 'lib', 'node_modules', 'workblock', 'dist', 'bundle');
    expect(fs.readdirSync(installed).sort()).toEqual(['cli.cjs', 'fast-add.cjs', 'fast-execute.cjs', 'serve.cjs']); // serve.cjs: the dashboard, loaded by `serve` alone
  }, 600_000);
});
