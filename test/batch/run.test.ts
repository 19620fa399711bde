import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { fingerprint, queueCreated } from '../helpers/db.js';

function write(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const order = (cwd: string) => fs.readFileSync(path.join(cwd, 'order.txt'), 'utf8').trim().split('\n');

describe('workblock run', () => {
  it('runs a commands file in dependency order and exits 0', () => {
    const cwd = tempDir();
    write(cwd, 'batch.json', {
      commands: [
        { name: 'test', command: 'echo test >> order.txt', depends_on: ['build'] },
        { name: 'build', command: 'echo build >> order.txt' },
        { name: 'lint', command: 'echo lint >> order.txt' },
      ],
    });
    const summary = JSON.parse(ok(['run', 'batch.json', '--json', '--logger', 'none'], { cwd }));
    expect(summary).toMatchObject({ success: true, executed: 3, successful: 3, failed: 0 });
    const seen = order(cwd);
    expect(seen.indexOf('build')).toBeLessThan(seen.indexOf('test'));
    expect(ok(['list', '--all', '--count'], { cwd })).toBe('0\n');
  });

  it('runs phases in order, sequential phases one by one', () => {
    const cwd = tempDir();
    write(cwd, 'phases.json', {
      phases: [
        { name: 'prepare', mode: 'sequential', commands: [{ name: 'p1', command: 'echo p1 >> order.txt' }, { name: 'p2', command: 'echo p2 >> order.txt' }] },
        { name: 'check', mode: 'parallel', commands: [{ name: 'c1', command: 'sleep 0.2; echo c1 >> order.txt' }, { name: 'c2', command: 'echo c2 >> order.txt' }] },
        { name: 'finish', commands: [{ name: 'f', command: 'echo f >> order.txt' }] },
      ],
    });
    expect(JSON.parse(ok(['run', 'phases.json', '-c', '2', '--json', '--logger', 'none'], { cwd })).successful).toBe(5);
    const seen = order(cwd);
    expect(seen.slice(0, 2)).toEqual(['p1', 'p2']);
    expect(seen.slice(2, 4).sort()).toEqual(['c1', 'c2']);
    expect(seen[4]).toBe('f');
  });

  it('runs inline tasks with depends=', () => {
    const cwd = tempDir();
    ok(['run', '--task', 'build:echo build >> order.txt', '--task', 'test:echo test >> order.txt:depends=build', '--logger', 'none'], { cwd });
    expect(order(cwd)).toEqual(['build', 'test']);
  });

  it('exits 1 when a command fails and reports its dependents as blocked', () => {
    const cwd = tempDir();
    write(cwd, 'b.json', { commands: [{ name: 'a', command: 'exit 3' }, { name: 'b', command: 'true', depends_on: ['a'] }, { name: 'c', command: 'true' }] });
    const r = cli(['run', 'b.json', '--report', 'report.json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8'));
    // Seed 000's keys, plus what never ran counted apart (not as executed and failed).
    expect(Object.keys(report).sort()).toEqual(['blocked', 'blocks', 'duration', 'duration_ms', 'executed', 'failed', 'name', 'not_run', 'run_id', 'success', 'successful']);
    expect(report).toMatchObject({ success: false, executed: 2, successful: 1, failed: 1, blocked: 1, not_run: 0 });
    expect(report.blocks.map((b: { task: string; status: string }) => `${b.task}:${b.status}`).sort()).toEqual(['a:failed', 'b:blocked', 'c:success']);
    cli(['run', '--task', 'x:true', '--report', 'report.md', '--logger', 'none'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'report.md'), 'utf8')).toMatch(/^# workblock run \w{8}: success\n[\s\S]*\| \d+ \| x \| success \|/);
  });

  it('prints the plan with --dry-run and changes nothing', () => {
    const cwd = tempDir();
    ok(['add', 'existing'], { cwd });
    const before = fingerprint(cwd);
    write(cwd, 'b.json', { commands: [{ name: 'a', command: 'true' }, { name: 'b', command: 'true', depends_on: ['a'] }, { name: 'c', command: 'true', depends_on: ['a'] }] });
    const plan = ok(['run', 'b.json', '--dry-run', '-c', '2'], { cwd });
    expect(plan).toContain('level 1:\n  a: true');
    expect(plan).toContain('level 2 (2 at a time):');
    expect(fingerprint(cwd)).toEqual(before);
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });

  it.each([
    ['a missing name', { commands: [{ command: 'true' }] }, 'b.json commands[0]: name: is missing'],
    ['a duplicate name', { commands: [{ name: 'a', command: 'true' }, { name: 'a', command: 'true' }] }, 'name: "a" is used twice'],
    ['an unknown dependency', { commands: [{ name: 'a', command: 'true', depends_on: ['zz'] }] }, 'depends on unknown "zz"'],
    ['a cycle', { commands: [{ name: 'a', command: 'true', depends_on: ['b'] }, { name: 'b', command: 'true', depends_on: ['a'] }] }, 'dependency cycle in b.json: a -> b -> a'],
    ['the wrong shape', { jobs: [] }, 'b.json: jobs: unknown field'],
    ['no commands', { commands: [] }, 'has no commands'],
  ])('rejects a batch file with %s: exit 2, nothing queued', (_label, content, message) => {
    const cwd = tempDir();
    write(cwd, 'b.json', content);
    const r = cli(['run', 'b.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(queueCreated(cwd)).toBe(false);
  });
});

describe('status, logs and graph', () => {
  it('reports counts, success rate and average duration as JSON', () => {
    const cwd = tempDir();
    expect(cli(['run', '--task', 'ok:true', '--task', 'bad:exit 1', '--logger', 'none'], { cwd }).code).toBe(1);
    ok(['add', 'later'], { cwd });
    const status = JSON.parse(ok(['status', '--json'], { cwd }));
    expect(status.counts).toEqual({ pending: 1, retry: 0, running: 0, failed: 1, blocked: 0 });
    expect(status.history).toMatchObject({ total: 2, successful: 1, success_rate: 0.5 });
    expect(typeof status.history.average_ms).toBe('number');
    expect(status.running).toEqual([]);
  });

  it('draws the dependency graph as dot and mermaid', () => {
    const cwd = tempDir();
    ok(['add', 'first', '--name', 'first'], { cwd });
    ok(['add', 'second', '--after', 'first'], { cwd });
    expect(ok(['graph', '--format', 'dot'], { cwd })).toContain('b1 -> b2;');
    expect(ok(['graph', '--format', 'mermaid'], { cwd })).toContain('b1 --> b2');
    expect(ok(['graph'], { cwd })).toContain('level 2:\n  #2 second [pending]  <- #1');
  });
});
