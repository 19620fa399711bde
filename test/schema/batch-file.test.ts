import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

function withBatch(content: unknown): string {
  const cwd = tempDir('wb-batch-');
  fs.writeFileSync(path.join(cwd, 'b.json'), JSON.stringify(content));
  return cwd;
}

describe('batch files through the block schema', () => {
  it.each([
    ['memory_limit', { commands: [{ name: 'a', command: 'true', memory_limit: '512M' }] }, 'b.json commands[0]: memory_limit: is not supported: remove it'],
    ['a non-boolean abort_on_failure', { abort_on_failure: 'yes', commands: [{ name: 'a', command: 'true' }] }, 'b.json: abort_on_failure: "yes" is not true or false'],
    ['a file name that is not text', { name: 42, commands: [{ name: 'a', command: 'true' }] }, 'b.json: name: 42 is not text'],
    ['a blank file name', { name: '  ', commands: [{ name: 'a', command: 'true' }] }, 'b.json: name: is empty: give the batch a name or leave it out'],
    ['an unknown command key', { commands: [{ name: 'a', command: 'true', retry: 2 }] }, 'b.json commands[0]: retry: unknown field'],
    ['an unknown phase mode', { phases: [{ mode: 'eventually', commands: [{ name: 'a', command: 'true' }] }] }, 'b.json phases[0]: mode: "eventually" is not a mode: use parallel, sequential, priority'],
    ['priority "urgent"', { commands: [{ name: 'a', command: 'true', priority: 'urgent' }] }, 'b.json commands[0]: priority: "urgent" is not a priority'],
    ['a bad check', { commands: [{ name: 'a', command: 'true', check: [] }] }, 'b.json commands[0]: check: [] is not text: give a string'],
    ['an empty check', { commands: [{ name: 'a', command: 'true', check: ' ' }] }, 'b.json commands[0]: check: is empty'],
    ['a priority phase command without a group', { phases: [{ mode: 'priority', commands: [{ name: 'a', command: 'true' }] }] }, 'b.json phases[0] commands[0]: priority: is missing in a "priority" phase'],
    ['a timeout in bare seconds over 30 days', { commands: [{ name: 'a', command: 'true', timeout: 2_600_000 }] }, 'b.json commands[0]: timeout: 2600000 is out of range: use 1ms to 30d'],
  ])('refuses %s: one line, exit 2, nothing queued', (_what, content, message) => {
    const cwd = withBatch(content);
    const r = cli(['run', 'b.json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^workblock: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(ok(['list', '--all', '--count'], { cwd })).toBe('0\n');
  });

  it('accepts the file name, abort_on_failure, check, argv commands and stores priority "high" as 10', () => {
    const cwd = withBatch({
      $schema: './workblock.schema.json',
      name: 'nightly',
      abort_on_failure: false,
      commands: [
        { name: 'high', command: 'exit 4', priority: 'high', check: 'true', timeout: 30 },
        { name: 'argv', command: ['printf', '%s', 'a;b'], depends_on: ['high'] },
      ],
    });
    expect(cli(['run', 'b.json', '--logger', 'none'], { cwd }).code).toBe(1);
    const blocks = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Array<Record<string, unknown>>;
    const [high, argv] = ['high', 'argv'].map((t) => blocks.find((b) => b.task === t));
    expect(high).toMatchObject({ task: 'high', status: 'failed', priority: 10, timeout_ms: 30_000 });
    expect(argv).toMatchObject({ status: 'blocked', command: ['printf', '%s', 'a;b'] });
  });

  it('runs a "priority" phase in groups, group 1 first, each group a barrier, before the next phase', () => {
    const cwd = withBatch({
      phases: [
        {
          mode: 'priority',
          commands: [
            { name: 'low', command: 'echo low >> order.txt', priority: 'low' },
            { name: 'top-slow', command: 'sleep 0.3; echo top-slow >> order.txt', priority: 1 },
            { name: 'top', command: 'echo top >> order.txt', priority: 'high' },
            { name: 'mid', command: 'echo mid >> order.txt', priority: 2 },
          ],
        },
        { mode: 'parallel', commands: [{ name: 'after', command: 'echo after >> order.txt' }] },
      ],
    });
    expect(JSON.parse(ok(['run', 'b.json', '-c', '3', '--json', '--logger', 'none'], { cwd })).successful).toBe(5);
    const order = fs.readFileSync(path.join(cwd, 'order.txt'), 'utf8').trim().split('\n');
    expect(order.slice(0, 2).sort()).toEqual(['top', 'top-slow']);
    expect(order.slice(2)).toEqual(['mid', 'low', 'after']);
  });
});
