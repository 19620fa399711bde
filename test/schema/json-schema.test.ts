/**
 * The shipped JSON Schema describes what workblock really writes and reads: every record of
 * list/show/history/export --json, execute/run --json and the jsonl logger validates against its
 * `$defs` entry, and the seed batch files validate against the root (what an editor checks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, ROOT, tempDir } from '../helpers/cli.js';
import { problemsAgainst } from '../helpers/json-schema-check.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'workblock.schema.json'), 'utf8')) as Record<string, unknown>;
const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

/** A queue with blocks with and without commands, names, keys, a check, and every state. */
function varietyQueue(): string {
  const cwd = tempDir('wb-schema-');
  ok(['add', 'plain'], { cwd });
  ok(['add', 'named', '--name', 'build', '--key', 'k-1', '--tag', 'ci', '--cmd', '--', 'printf', '%s', 'a;b'], { cwd });
  ok(['add', 'failing', '--cmd', 'exit 3', '--env', 'MODE=fast', '--timeout', '5m'], { cwd });
  ok(['add', 'blocked', '--after', '3'], { cwd });
  fs.writeFileSync(path.join(cwd, 'b.json'), JSON.stringify({ name: 'checked', commands: [{ name: 'probe', command: 'true', check: 'true' }] }));
  return cwd;
}

describe('the shipped JSON Schema', () => {
  it('describes every JSON record workblock writes', () => {
    const cwd = varietyQueue();
    const run = JSON.parse(ok(['run', 'b.json', '--json', '--logger', 'none'], { cwd }));
    const jsonl = path.join(cwd, 'out.jsonl');
    const execute = JSON.parse(cli(['execute', '--json', '--logger', `jsonl:${jsonl}`], { cwd }).stdout);
    ok(['add', 'waiting', '--cmd', 'true', '--in', '1h'], { cwd });
    const records: Array<[string, string, unknown]> = [
      ['export --json', 'export', JSON.parse(ok(['export', '--json'], { cwd }))],
      ['execute --json', 'summary', execute],
      ['run --json', 'summary', run],
      ...(JSON.parse(ok(['list', '--all', '--json'], { cwd })) as unknown[]).map((b, i) => [`list --json [${i}]`, 'queuedBlock', b] as [string, string, unknown]),
      ...(JSON.parse(ok(['history', '--json'], { cwd })) as unknown[]).map((h, i) => [`history --json [${i}]`, 'historyEntry', h] as [string, string, unknown]),
      ['show of a queued block', 'queuedBlock', JSON.parse(ok(['show', '3', '--json'], { cwd }))],
      ['show of a finished block', 'historyEntry', JSON.parse(ok(['show', '2', '--json'], { cwd }))],
      ...lines(ok(['export'], { cwd }))
        .slice(1)
        .map((l, i) => [`export line ${i + 2}`, l.outcome ? 'historyEntry' : 'queuedBlock', l] as [string, string, unknown]),
      ...lines(fs.readFileSync(jsonl, 'utf8')).map((r, i) => [`jsonl line ${i + 1}`, 'logRecord', r] as [string, string, unknown]),
    ];
    // The queue reached what the schema has to describe: nulls of a block without a command, a check, every state.
    const statuses = (JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Array<{ status: string; command: unknown; check: unknown }>);
    expect(statuses.map((b) => b.status).sort()).toEqual(['blocked', 'failed', 'pending']);
    expect(statuses.some((b) => b.command === null)).toBe(true);
    for (const [what, def, value] of records) expect(problemsAgainst(schema, def, value), what).toEqual([]);
  });

  it('validates the seed batch files, and refuses what workblock refuses', () => {
    for (const seed of ['seed000-batch.json', 'seed001-phases.json', 'seed003-priority.json']) {
      const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'seeds', seed), 'utf8'));
      expect(problemsAgainst(schema, null, file), seed).toEqual([]);
    }
    // The checker can fail: each of these is refused by workblock and by the schema.
    expect(problemsAgainst(schema, null, { commands: [{ name: 'a', command: 'true', memory_limit: '1G' }] })).not.toEqual([]);
    expect(problemsAgainst(schema, null, { commands: [{ name: 'a', command: 'true', retry: 2 }] })).not.toEqual([]);
    expect(problemsAgainst(schema, 'block', { task: 'a', retries: 101 })).not.toEqual([]);
    expect(problemsAgainst(schema, 'block', { task: 'a', env: { 'A B': 'x' } })).not.toEqual([]);
    expect(problemsAgainst(schema, 'queuedBlock', { task: 'a', colour: 'red' })).not.toEqual([]);
    expect(problemsAgainst(schema, 'logRecord', { id: 1, exitCode: 0 })).not.toEqual([]);
  });

  it('reads "priority" as run does: a group in a "priority" phase ("medium" included, and required), a block priority elsewhere', () => {
    const command = (priority?: unknown, name = 'a') => ({ name, command: 'true', ...(priority === undefined ? {} : { priority }) });
    const files: Array<[string, unknown, boolean]> = [
      ['medium in a priority phase', { phases: [{ mode: 'priority', commands: [command('medium')] }] }, true],
      ['a group number in a priority phase', { phases: [{ mode: 'priority', commands: [command(2), command('low', 'b')] }] }, true],
      ['medium outside a priority phase', { phases: [{ mode: 'parallel', commands: [command('medium')] }] }, false],
      ['medium in a phase without a mode', { phases: [{ commands: [command('medium')] }] }, false],
      ['medium in top-level commands', { commands: [command('medium')] }, false],
      ['a priority phase without a group', { phases: [{ mode: 'priority', commands: [command()] }] }, false],
      ['high in top-level commands', { commands: [command('high')] }, true],
    ];
    const cwd = tempDir();
    for (const [what, file, valid] of files) {
      expect(problemsAgainst(schema, null, file).length === 0, what).toBe(valid);
      fs.writeFileSync(path.join(cwd, 'p.json'), JSON.stringify(file));
      expect(cli(['run', 'p.json', '--dry-run'], { cwd }).code, `run: ${what}`).toBe(valid ? 0 : 2);
    }
  });
});
