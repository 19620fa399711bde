import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/backend.js';
import { BIN, cliEnv, ROOT, tempDir } from '../helpers/cli.js';

/** Runs the checkout's CLI with its own cache home; asserts exit 0. */
function run(args: string[], cwd: string, env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: cliEnv(env), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const buildDir = (cacheHome: string) => path.join(cacheHome, 'workblock', `node-${process.version}-${process.arch}`);
const mode = (file: string) => fs.statSync(file).mode & 0o777;

// The caches are the CLI's own files, the same whatever the queue's backend: SQLite runs them.
describe.skipIf(onPostgres)('V8 code caches', () => {
  it('are written per user and Node build under $XDG_CACHE_HOME/workblock, 0700 and 0600, and reused', () => {
    const cwd = tempDir();
    const xdg = path.join(tempDir(), 'cache');
    run(['add', 'creates the database'], cwd, { XDG_CACHE_HOME: xdg }); // full CLI
    run(['add', 'fast'], cwd, { XDG_CACHE_HOME: xdg }); // fast-add bundle
    const dir = buildDir(xdg);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([expect.stringMatching(/^cli\.cjs\.[0-9a-f]{8}\.\d+-\d+\.cache$/), expect.stringMatching(/^fast-add\.cjs\.[0-9a-f]{8}\.\d+-\d+\.cache$/)]);
    expect(mode(path.join(xdg, 'workblock'))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    for (const f of files) expect(mode(path.join(dir, f))).toBe(0o600);
    // A cache V8 accepted is not written again.
    const before = files.map((f) => fs.statSync(path.join(dir, f)).mtimeMs);
    run(['add', 'again'], cwd, { XDG_CACHE_HOME: xdg });
    run(['list'], cwd, { XDG_CACHE_HOME: xdg });
    expect(files.map((f) => fs.statSync(path.join(dir, f)).mtimeMs)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
  });

  it('are written only after a run that did real work: not help, a failure or an add the fast path declined', () => {
    const cwd = tempDir();
    const xdg = path.join(tempDir(), 'cache');
    const caches = () => (fs.existsSync(buildDir(xdg)) ? fs.readdirSync(buildDir(xdg)).map((f) => f.split('.')[0]).sort() : []);
    run(['--help'], cwd, { XDG_CACHE_HOME: xdg });
    run(['list', '--help'], cwd, { XDG_CACHE_HOME: xdg });
    const failed = spawnSync(process.execPath, [BIN, 'add'], { cwd, env: cliEnv({ XDG_CACHE_HOME: xdg }), encoding: 'utf8' });
    expect(failed.status).toBe(2);
    expect(caches()).toEqual([]);
    run(['add', 'first'], cwd, { XDG_CACHE_HOME: xdg }); // a new database: the fast path declines, the full CLI adds
    expect(caches()).toEqual(['cli']);
    run(['add', 'second'], cwd, { XDG_CACHE_HOME: xdg });
    expect(caches()).toEqual(['cli', 'fast-add']);
  });

  it('default to ~/.cache/workblock and never land inside the package', () => {
    const home = tempDir();
    run(['add', 'x'], tempDir(), { HOME: home, XDG_CACHE_HOME: '' });
    expect(fs.readdirSync(buildDir(path.join(home, '.cache')))).toContainEqual(expect.stringMatching(/^cli\.cjs\..*\.cache$/));
    expect(fs.readdirSync(path.join(ROOT, 'dist', 'bundle')).filter((f) => !f.endsWith('.cjs'))).toEqual([]);
  });

  it('are never written through a symbolic link', () => {
    const xdg = tempDir();
    const elsewhere = tempDir();
    fs.symlinkSync(elsewhere, path.join(xdg, 'workblock'));
    run(['add', 'x'], tempDir(), { XDG_CACHE_HOME: xdg });
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('are neither read nor written in a directory others can write', () => {
    const xdg = tempDir();
    fs.mkdirSync(path.join(xdg, 'workblock'), { mode: 0o777 });
    fs.chmodSync(path.join(xdg, 'workblock'), 0o777);
    run(['add', 'x'], tempDir(), { XDG_CACHE_HOME: xdg });
    expect(fs.readdirSync(path.join(xdg, 'workblock'))).toEqual([]);
  });

  it('are skipped when the cache home cannot be created: the command still works', () => {
    const parent = tempDir();
    fs.writeFileSync(path.join(parent, 'file'), '');
    const cwd = tempDir();
    expect(run(['add', 'x'], cwd, { XDG_CACHE_HOME: path.join(parent, 'file', 'cache') })).toBe('1\n');
    expect(run(['list', '--count'], cwd, { XDG_CACHE_HOME: path.join(parent, 'file', 'cache') })).toBe('1\n');
  });
});
