/**
 * Where a spawner keeps its start tokens (runner/token-dir.ts): a file is created and removed per
 * command, so they go to memory-backed storage when there is some, and where the user said otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tokenDirBase } from '../../src/runner/token-dir.js';
import { CommandPool } from '../../src/runner/command-pool.js';
import { useTempDir } from '../loggers/temp-dir.js';

const tempDir = useTempDir();
const saved = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR, TMPDIR: process.env.TMPDIR };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

it('uses XDG_RUNTIME_DIR first, then a TMPDIR the user set, then /dev/shm, then the temp directory', () => {
  const runtime = tempDir();
  process.env.XDG_RUNTIME_DIR = runtime;
  expect(tokenDirBase()).toBe(runtime);
  process.env.XDG_RUNTIME_DIR = path.join(runtime, 'missing');
  process.env.TMPDIR = tempDir();
  expect(tokenDirBase()).toBe(process.env.TMPDIR);
  delete process.env.XDG_RUNTIME_DIR;
  delete process.env.TMPDIR;
  const shm = fs.statSync('/dev/shm', { throwIfNoEntry: false });
  expect(tokenDirBase()).toBe(shm?.isDirectory() ? '/dev/shm' : os.tmpdir());
});

it("puts a spawner's tokens there, and removes them when it closes", async () => {
  const runtime = tempDir();
  process.env.XDG_RUNTIME_DIR = runtime;
  const dir = tempDir();
  const pool = new CommandPool(1, path.join(dir, 'logs'));
  const running = pool.run({ id: 1, attempts: 1, command: { shell: 'sleep 0.3' }, cwd: dir, env: {}, timeoutMs: null });
  const waiting = pool.run({ id: 2, attempts: 1, command: { shell: 'true' }, cwd: dir, env: {}, timeoutMs: null });
  await running.started;
  const tokens = fs.readdirSync(runtime).filter((n) => n.startsWith('workblock-spawner-'));
  expect(tokens).toHaveLength(1);
  expect(fs.statSync(path.join(runtime, tokens[0])).mode & 0o777).toBe(0o700);
  expect((await waiting.done)?.ok).toBe(true);
  pool.close();
  expect(fs.readdirSync(runtime)).toEqual([]);
});
