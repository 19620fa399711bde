import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, ROOT, tempDir } from '../helpers/cli.js';

function modulesLoadedBy(args: string[]): string[] {
  const cwd = tempDir();
  const trace = path.join(cwd, 'imports.txt');
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test', 'fixtures', 'trace-imports.mjs'), BIN, ...args], { cwd, env: cliEnv({ TRACE_IMPORTS_FILE: trace }), encoding: 'utf8' });
  expect(r.status).toBe(0);
  return fs.readFileSync(trace, 'utf8').trim().split('\n');
}

describe('start-up', () => {
  it('does not load the full CLI, loggers, executor or tables for add', () => {
    const loaded = modulesLoadedBy(['add', 'fast']).map((u) => path.basename(u));
    expect(loaded.some((f) => f.startsWith('fast-add'))).toBe(true);
    for (const heavy of ['main-', 'executor-', 'markdown-', 'registry-', 'run-command-', 'block-list-']) {
      expect(loaded.filter((f) => f.startsWith(heavy))).toEqual([]);
    }
  });

  it('loads the executor and the logger only when executing', () => {
    const loaded = modulesLoadedBy(['execute']).map((u) => path.basename(u));
    expect(loaded.some((f) => f.startsWith('executor-'))).toBe(true);
    expect(loaded.some((f) => f.startsWith('markdown-'))).toBe(true);
  });
});
