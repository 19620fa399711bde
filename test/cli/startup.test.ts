import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, ok, ROOT, tempDir } from '../helpers/cli.js';

function modulesLoadedBy(args: string[], cwd = tempDir()): string[] {
  const trace = path.join(cwd, 'imports.txt');
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test', 'fixtures', 'trace-imports.mjs'), BIN, ...args], { cwd, env: cliEnv({ TRACE_IMPORTS_FILE: trace }), encoding: 'utf8' });
  expect(r.status).toBe(0);
  return fs.readFileSync(trace, 'utf8').trim().split('\n');
}

describe('start-up', () => {
  it('does not load the full CLI, loggers, executor or tables for add', () => {
    // add runs from the CommonJS fast-add bundle: no module of the full (ESM) CLI is imported at all.
    // (The very first add creates and migrates the database through the full CLI.)
    const cwd = tempDir();
    ok(['add', 'creates the database'], { cwd });
    const loaded = modulesLoadedBy(['add', 'fast'], cwd).filter((u) => u.includes('/dist/'));
    expect(loaded).toEqual([]);
    expect(ok(['list', '--count'], { cwd })).toBe('2\n');
  });

  it('falls back to the full CLI for add --help', () => {
    const loaded = modulesLoadedBy(['add', '--help']).map((u) => path.basename(u));
    expect(loaded.some((f) => f.startsWith('main-'))).toBe(true);
  });

  it('loads the executor and the logger only when executing', () => {
    const loaded = modulesLoadedBy(['execute']).map((u) => path.basename(u));
    expect(loaded.some((f) => f.startsWith('executor-'))).toBe(true);
    expect(loaded.some((f) => f.startsWith('markdown-'))).toBe(true);
  });
});
