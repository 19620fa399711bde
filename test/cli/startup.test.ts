import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, envFor, ok, ROOT, tempDir } from '../helpers/cli.js';

/** Runs the CLI and returns the base names of the files under dist/ it read. */
function filesReadBy(args: string[], cwd = tempDir()): string[] {
  const trace = path.join(cwd, 'reads.txt');
  const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'test', 'fixtures', 'trace-reads.cjs'), BIN, ...args], { cwd, env: envFor({ cwd, env: { TRACE_READS_FILE: trace } }), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').trim().split('\n').map((f) => path.basename(f)) : [];
}

describe('start-up', () => {
  it('runs add from the small fast-add bundle, without the full CLI', () => {
    // (The very first add creates and migrates the database through the full CLI.)
    const cwd = tempDir();
    ok(['add', 'creates the database'], { cwd });
    const read = filesReadBy(['add', 'fast'], cwd);
    expect(read).toContain('fast-add.cjs');
    expect(read).not.toContain('cli.cjs');
    expect(ok(['list', '--count'], { cwd })).toBe('2\n');
  });

  it('falls back to the full CLI for add --help', () => {
    expect(filesReadBy(['add', '--help'])).toContain('cli.cjs');
  });

  it('keeps a task that looks like a number as written, on the fast path as on the full CLI', () => {
    // yargs-parser reads `1e3` as 1000 and `0x10` as 16 unless told not to; yargs keeps the text.
    const cwd = tempDir();
    ok(['add', 'creates the database'], { cwd });
    expect(filesReadBy(['add', '1e3', '0x10', '1.50', '007'], cwd)).toContain('fast-add.cjs');
    const block = (JSON.parse(ok(['list', '--json'], { cwd })) as Array<Record<string, string>>).at(-1)!;
    expect([block.task, block.result, block.insight, block.next_step]).toEqual(['1e3', '0x10', '1.50', '007']);
  });

  it('runs execute and exec from the small fast-execute bundle, without the full CLI', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    ok(['add', 'two'], { cwd });
    for (const args of [['execute', '1', '-c', '2'], ['exec', '1', '--quiet']]) {
      const read = filesReadBy(args, cwd);
      expect(read).toContain('fast-execute.cjs');
      expect(read).not.toContain('cli.cjs');
    }
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });

  it('falls back to the full CLI for execute --help and for what the fast path leaves to yargs', () => {
    expect(filesReadBy(['execute', '--help'])).toContain('cli.cjs');
    const cwd = tempDir();
    ok(['add', 'x'], { cwd });
    expect(filesReadBy(['execute', '--', '1'], cwd)).toContain('cli.cjs');
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });
});
