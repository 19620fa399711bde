import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from '../helpers/db.js';
import { describe, expect, it } from 'vitest';
import { cli, ok, ROOT, tempDir } from '../helpers/cli.js';

const LEGACY = path.join(ROOT, 'test', 'fixtures', 'legacy-logger.py');

function readJsonLines(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('execute', () => {
  it('does nothing and exits 0 with --if-pending when too few blocks wait', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const r = cli(['execute', '5', '--if-pending', '2'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 pending, fewer than 2');
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
    ok(['add', 'two'], { cwd });
    expect(JSON.parse(ok(['execute', '5', '--if-pending', '2', '--json'], { cwd })).executed).toBe(2);
  });

  it('changes nothing with --dry-run', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const before = fingerprint(cwd);
    const out = ok(['execute', '--dry-run'], { cwd });
    expect(out).toContain('one');
    expect(fingerprint(cwd)).toEqual(before);
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });

  it('prints the JSON summary shape with per-block entries', () => {
    const cwd = tempDir();
    ok(['add', 'fine'], { cwd });
    ok(['add', 'broken', '--cmd', 'echo oops >&2; exit 3'], { cwd });
    const r = cli(['execute', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(Object.keys(summary).sort()).toEqual(['blocks', 'duration', 'duration_ms', 'executed', 'failed', 'interrupted', 'success', 'successful']);
    expect(summary).toMatchObject({ success: false, executed: 2, successful: 1, failed: 1 });
    expect(summary.blocks[1]).toMatchObject({ id: 2, status: 'failed', exit_code: 3, timed_out: false });
    expect(summary.blocks[1].error).toContain('oops');
    expect(typeof summary.duration).toBe('number');
  });

  it('passes task fields to a legacy argv logger as four separate arguments', () => {
    const cwd = tempDir();
    const logFile = path.join(cwd, 'legacy.jsonl');
    const task = 'ship $(touch PWNED) `id` "quoted" \'single\'; rm -rf x';
    ok(['add', task, 'the result', 'an insight', 'next'], { cwd });
    ok(['execute', '--logger', `argv:python3 ${LEGACY}`], { cwd, env: { LEGACY_LOG_FILE: logFile } });
    const [entry] = readJsonLines(logFile);
    expect(entry).toMatchObject({ task, result: 'the result', insight: 'an insight', next_step: 'next', argc: 4 });
    expect(fs.existsSync(path.join(cwd, 'PWNED'))).toBe(false);
  });

  it('keeps a block queued when its logger fails and delivers it on a later execute', () => {
    const cwd = tempDir();
    const logFile = path.join(cwd, 'legacy.jsonl');
    ok(['add', 'fail-me', '--cmd', 'echo ran >> runs.txt'], { cwd });
    const env = { LEGACY_LOG_FILE: logFile };
    const first = cli(['execute', '--json', '--logger', `argv:python3 ${LEGACY}`], { cwd, env });
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout).blocks[0]).toMatchObject({ status: 'undelivered' });
    const [queued] = JSON.parse(ok(['list', '--json'], { cwd }));
    expect(queued).toMatchObject({ id: 1, attempts: 1, status: 'pending' });
    expect(queued.last_error).toContain('refusing fail-me');
    // A logger that accepts now: the block is delivered without running its command again.
    const jsonl = path.join(cwd, 'out.jsonl');
    expect(JSON.parse(ok(['execute', '--json', '--logger', `jsonl:${jsonl}`], { cwd })).successful).toBe(1);
    expect(fs.readFileSync(path.join(cwd, 'runs.txt'), 'utf8')).toBe('ran\n');
    expect(readJsonLines(jsonl)[0]).toMatchObject({ id: 1, task: 'fail-me', outcome: 'success' });
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });

  it('delivers to every logger named, with the same idempotency key for a block', () => {
    const cwd = tempDir();
    ok(['add', 'twice logged'], { cwd });
    ok(['execute', '--logger', 'jsonl:a.jsonl', '--logger', 'jsonl:b.jsonl', '--logger', 'markdown:diary.md'], { cwd });
    const [a] = readJsonLines(path.join(cwd, 'a.jsonl'));
    const [b] = readJsonLines(path.join(cwd, 'b.jsonl'));
    expect(a.idempotency_key).toEqual(expect.any(String));
    expect(a.idempotency_key).toBe(b.idempotency_key);
    expect(fs.readFileSync(path.join(cwd, 'diary.md'), 'utf8')).toContain('twice logged');
  });

  it('exits 2 for an unknown logger before touching the queue', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const r = cli(['execute', '--logger', 'carrier-pigeon'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^workblock: unknown logger/);
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });
});

describe('import and export', () => {
  it('imports the legacy batch-tasks.json, sending completed entries to history', () => {
    const cwd = tempDir();
    const legacy = {
      tasks: [
        { task: 'done already', result: 'r', insight: 'i', next_step: 'n', status: 'complete', added: '2026-01-02T10:00:00Z', completed: '2026-01-02T11:00:00Z' },
        { task: 'still to do', result: '', insight: '', next_step: '', status: 'pending', added: '2026-01-03T10:00:00Z' },
      ],
    };
    fs.writeFileSync(path.join(cwd, 'batch-tasks.json'), JSON.stringify(legacy));
    expect(ok(['import', 'batch-tasks.json'], { cwd })).toBe('1\n');
    expect(JSON.parse(ok(['list', '--json'], { cwd })).map((b: { task: string }) => b.task)).toEqual(['still to do']);
    const [h] = JSON.parse(ok(['history', '--json'], { cwd }));
    expect(h).toMatchObject({ task: 'done already', result: 'r', outcome: 'success', finished_at: '2026-01-02T11:00:00.000Z' });
  });

  it('imports a bare array too, and round-trips an NDJSON export (a header line, then one line per block)', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'tasks.json'), JSON.stringify([{ task: 'a', status: 'pending' }, { task: 'b' }]));
    ok(['import', 'tasks.json'], { cwd });
    const exported = ok(['export'], { cwd });
    expect(exported.trim().split('\n')).toHaveLength(3);
    expect(JSON.parse(exported.split('\n')[0])).toMatchObject({ format: 'workblock-export', version: 2 });
    const other = tempDir();
    fs.writeFileSync(path.join(other, 'dump.ndjson'), exported);
    expect(ok(['import', 'dump.ndjson'], { cwd: other })).toBe('2\n');
  });

  it('rejects a file of the wrong shape with exit 2 and imports nothing', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify({ jobs: [] }));
    const r = cli(['import', 'bad.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('wrong shape');
  });
});
