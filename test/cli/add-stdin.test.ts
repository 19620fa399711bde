import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

describe('add - (standard input)', () => {
  it('adds one block per line and skips blank lines', () => {
    const cwd = tempDir();
    const r = cli(['add', '-', '--tag', 'todo'], { cwd, input: 'first\n\n  second  \n\nthird\n' });
    expect(r.code).toBe(0);
    const tasks = JSON.parse(ok(['list', '--json'], { cwd }));
    expect(tasks.map((t: { task: string }) => t.task)).toEqual(['first', 'second', 'third']);
    expect(tasks[0].tags).toEqual(['todo']);
  });

  it('accepts NDJSON objects with the same fields', () => {
    const cwd = tempDir();
    const input = [JSON.stringify({ task: 'a', result: 'r', insight: 'i', next_step: 'n', priority: 5, tags: ['x'] }), 'plain task'].join('\n');
    ok(['add', '-'], { cwd, input });
    const [a, b] = JSON.parse(ok(['list', '--json'], { cwd }));
    expect(a).toMatchObject({ task: 'a', result: 'r', insight: 'i', next_step: 'n', priority: 5, tags: ['x'] });
    expect(b.task).toBe('plain task');
  });

  it('rejects the whole input when one line is bad, naming the line', () => {
    const cwd = tempDir();
    ok(['add', 'existing'], { cwd });
    const r = cli(['add', '-'], { cwd, input: 'good one\n{"task": "ok"}\n{"task": \n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^workblock: line 3: malformed JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });

  it('rejects a line with an empty task object and adds nothing', () => {
    const cwd = tempDir();
    const r = cli(['add', '-'], { cwd, input: 'one\ntwo\n{"task": "  "}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3');
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });

  it('runs NDJSON commands where `add -` ran (not $HOME), and --cwd applies only to lines with a command', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'sub'));
    const input = [JSON.stringify({ task: 'here', cmd: 'pwd' }), 'plain task'].join('\n');
    ok(['add', '-'], { cwd, input });
    ok(['add', '-', '--cwd', 'sub', '--timeout', '1m'], { cwd, input });
    const blocks = JSON.parse(ok(['list', '--json'], { cwd })) as Array<{ task: string; cwd: string | null; timeout_ms: number | null }>;
    expect(blocks.map((b) => [b.task, b.cwd, b.timeout_ms])).toEqual([
      ['here', fs.realpathSync(cwd), null],
      ['plain task', null, null],
      ['here', fs.realpathSync(path.join(cwd, 'sub')), 60_000],
      ['plain task', null, null],
    ]);
  });

  it('adds 100,000 lines in one go', () => {
    const cwd = tempDir();
    const input = Array.from({ length: 100_000 }, (_, i) => `task ${i}`).join('\n');
    const r = cli(['add', '-'], { cwd, input });
    expect(r.code).toBe(0);
    expect(ok(['list', '--count'], { cwd })).toBe('100000\n');
  });
});
