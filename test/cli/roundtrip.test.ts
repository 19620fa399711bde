import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

describe('add, list, execute, history, prune', () => {
  it('prints only the new id on stdout when adding', () => {
    const cwd = tempDir();
    expect(ok(['add', 'write the release notes'], { cwd })).toBe('1\n');
    expect(ok(['add', 'review PR 42'], { cwd })).toBe('2\n');
  });

  it('runs a round trip from add to prune', () => {
    const cwd = tempDir();
    ok(['add', 'write notes', 'drafted', 'keep it short', 'publish'], { cwd });
    ok(['add', 'second'], { cwd });
    expect(ok(['list'], { cwd })).toContain('Pending work blocks: 2');
    const run = JSON.parse(ok(['execute', '1', '--json'], { cwd }));
    expect(run).toMatchObject({ success: true, executed: 1, successful: 1, failed: 0 });
    expect(run.blocks[0]).toMatchObject({ id: 1, task: 'write notes', status: 'success' });
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
    const history = JSON.parse(ok(['history', '--json'], { cwd }));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: 1, task: 'write notes', result: 'drafted', insight: 'keep it short', next_step: 'publish', outcome: 'success' });
    const diary = fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8');
    expect(diary).toContain('write notes');
    expect(diary).toContain('keep it short');
    expect(ok(['prune', '--older-than', '30d'], { cwd })).toBe('0\n');
    expect(ok(['prune', '--older-than', '0s'], { cwd })).toBe('1\n');
    expect(JSON.parse(ok(['history', '--json'], { cwd }))).toEqual([]);
  });

  it('lists and executes by priority, then first in first out', () => {
    const cwd = tempDir();
    ok(['add', 'normal one'], { cwd });
    ok(['add', 'low one', '--priority', 'low'], { cwd });
    ok(['add', 'high one', '--priority', 'high'], { cwd });
    ok(['add', 'normal two', '--priority', '0'], { cwd });
    ok(['add', 'urgent', '--priority', '50'], { cwd });
    const order = JSON.parse(ok(['list', '--json'], { cwd })).map((b: { task: string }) => b.task);
    expect(order).toEqual(['urgent', 'high one', 'normal one', 'normal two', 'low one']);
    const ran = JSON.parse(ok(['execute', '5', '--json', '--logger', 'none'], { cwd })).blocks.map((b: { task: string }) => b.task);
    expect(ran).toEqual(order);
  });

  it('filters list by tag and limit and shows the header with the total', () => {
    const cwd = tempDir();
    for (let i = 0; i < 5; i++) ok(['add', `docs ${i}`, '--tag', 'docs'], { cwd });
    ok(['add', 'other'], { cwd });
    expect(ok(['list', '--tag', 'docs', '--count'], { cwd })).toBe('5\n');
    const out = ok(['list', '--tag', 'docs', '--limit', '2'], { cwd });
    expect(out).toContain('Pending work blocks: 5');
    expect(out).toContain('docs 0');
    expect(out).not.toContain('docs 2');
    expect(out).toMatch(/seconds? ago/);
  });

  it('treats a repeated idempotency key as a no-op that prints the existing id', () => {
    const cwd = tempDir();
    expect(ok(['add', 'once', '--key', 'k1'], { cwd })).toBe('1\n');
    expect(ok(['add', 'once again', '--key', 'k1'], { cwd })).toBe('1\n');
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });

  it('shows, removes and reports a missing block with exit 2', () => {
    const cwd = tempDir();
    ok(['add', 'to remove', '--name', 'gone'], { cwd });
    expect(JSON.parse(ok(['show', 'gone', '--json'], { cwd }))).toMatchObject({ id: 1, task: 'to remove' });
    ok(['remove', '1'], { cwd });
    const r = cli(['show', '1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^workblock: no queued block #1/);
  });

  it('stores default loggers and N in config', () => {
    const cwd = tempDir();
    ok(['config', 'set', 'loggers', 'jsonl'], { cwd });
    ok(['config', 'set', 'n', '2'], { cwd });
    expect(ok(['config', 'get', 'n'], { cwd })).toBe('2\n');
    for (let i = 0; i < 3; i++) ok(['add', `t${i}`], { cwd });
    expect(JSON.parse(ok(['execute', '--json'], { cwd })).executed).toBe(2);
    expect(fs.readFileSync(path.join(cwd, 'data', 'worklog.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(fs.existsSync(path.join(cwd, 'data', 'worklog.md'))).toBe(false);
    expect(cli(['config', 'set', 'colour', 'red'], { cwd }).code).toBe(2);
  });

  it('prints the version and help with an example for every command', () => {
    const cwd = tempDir();
    expect(ok(['--version'], { cwd })).toMatch(/^\d+\.\d+\.\d+/);
    const help = ok(['--help'], { cwd });
    const names = [...help.matchAll(/^ {2}workblock (\w+)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(ok([name, '--help'], { cwd })).toContain('Examples:');
  });
});
