import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

describe('logs', () => {
  it('prints stdout and stderr together, attempt by attempt, with the attempt markers of both streams', () => {
    const cwd = tempDir();
    ok(['add', 'noisy', '--name', 'noisy', '--cmd', 'echo out1; echo err1 >&2; echo out2; exit 3', '--retries', '1', '--retry-delay', '10ms'], { cwd });
    expect(cli(['execute', '--logger', 'none'], { cwd }).code).toBe(1);
    const err = fs.readFileSync(path.join(cwd, 'data', 'logs', '1.err'), 'utf8');
    expect(err.match(/^--- attempt \d started/gm)).toHaveLength(2);
    expect(err.match(/^--- attempt \d failed/gm)).toHaveLength(2);
    const r = cli(['logs', '1'], { cwd });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^--- attempt 1 started/);
    // Written microseconds apart, these three may be read in either order across the two streams.
    expect(lines.slice(1, 4).sort()).toEqual(['err1', 'out1', 'out2']);
    expect(lines[4]).toMatch(/^--- attempt 1 failed: command exited with code 3/);
    expect(lines[5]).toMatch(/^--- attempt 2 started/);
    expect(lines).toHaveLength(10);
    expect(ok(['logs', 'noisy', '--tail', '1'], { cwd })).toMatch(/^--- attempt 2 failed/);
    expect(ok(['logs', '1', '--stderr'], { cwd })).toBe(err);
    expect(ok(['logs', '1', '--stdout'], { cwd }).split('\n')).not.toContain('err1');
  });

  it('shows stdout and stderr in the order the command wrote them; --stdout and --stderr show one stream', () => {
    const cwd = tempDir();
    // The pause is what lets execute see out1 before out2 is written (output-order.ts); 0.3 s, not
    // 0.05, because this machine's load can keep execute's thread from looking for longer than 50 ms.
    ok(['add', 'alternating', '--cmd', 'echo out1; echo err1 >&2; sleep 0.3; echo out2; echo err2 >&2'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    // cli() reads through pipes: no terminal on either side.
    const lines = ok(['logs', '1'], { cwd }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^--- attempt 1 started/);
    expect(lines.slice(1, -1)).toEqual(['out1', 'err1', 'out2', 'err2']);
    expect(lines.at(-1)).toMatch(/^--- attempt 1 succeeded/);
    const content = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('--- attempt'));
    expect(content(ok(['logs', '1', '--stdout'], { cwd }))).toEqual(['out1', 'out2']);
    expect(content(ok(['logs', '1', '--stderr'], { cwd }))).toEqual(['err1', 'err2']);
    expect(ok(['logs', '1', '--tail', '3'], { cwd }).split('\n').slice(0, 2)).toEqual(['out2', 'err2']);
  });

  it('shows stderr first when a command wrote it first, even one that ends at once', () => {
    const cwd = tempDir();
    for (let i = 0; i < 3; i++) ok(['add', `quick ${i}`, '--cmd', 'echo err0 >&2; echo out0'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    for (const id of [1, 2, 3]) expect(ok(['logs', String(id)], { cwd }).split('\n').slice(1, 3)).toEqual(['err0', 'out0']);
  });

  it('keeps the order of each attempt apart when a block runs more than once', () => {
    const cwd = tempDir();
    ok(['add', 'flaky', '--cmd', 'echo "out$WORKBLOCK_ATTEMPT"; sleep 0.3; echo "err$WORKBLOCK_ATTEMPT" >&2; sleep 0.3; echo "end$WORKBLOCK_ATTEMPT"; exit 1', '--retries', '1', '--retry-delay', '10ms'], { cwd });
    expect(cli(['execute', '--logger', 'none'], { cwd }).code).toBe(1);
    const lines = ok(['logs', '1'], { cwd }).trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('--- attempt'))).toEqual(['out1', 'err1', 'end1', 'out2', 'err2', 'end2']);
    expect(lines.filter((l) => l.startsWith('--- attempt'))).toHaveLength(4);
  });

  it('writes no stderr file for a command that wrote no stderr', () => {
    const cwd = tempDir();
    ok(['add', 'quiet', '--cmd', 'echo hi'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    expect(fs.existsSync(path.join(cwd, 'data', 'logs', '1.err'))).toBe(false);
    expect(ok(['logs', '1'], { cwd })).toMatch(/^--- attempt 1 started .*\nhi\n--- attempt 1 succeeded\n$/);
  });

  it('refuses an unknown id or name with exit 2, and says when a known block has no output', () => {
    const cwd = tempDir();
    ok(['add', 'a note'], { cwd });
    const unknown = cli(['logs', '42'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no block #42');
    expect(cli(['logs', 'nope'], { cwd }).code).toBe(2);
    const note = cli(['logs', '1'], { cwd });
    expect(note.code).toBe(0);
    expect(note.stderr).toContain('has no output');
  });

  it('keeps logs per database: two databases in one directory never show each other\'s output', () => {
    const cwd = tempDir();
    ok(['add', 'first db', '--cmd', 'echo from-default'], { cwd });
    ok(['add', 'second db', '--cmd', 'echo from-other', '--db', 'data/other.db'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    ok(['execute', '--logger', 'none', '--db', 'data/other.db'], { cwd });
    expect(ok(['logs', '1'], { cwd })).toContain('from-default');
    const other = ok(['logs', '1', '--db', 'data/other.db'], { cwd });
    expect(other).toContain('from-other');
    expect(other).not.toContain('from-default');
    expect(fs.existsSync(path.join(cwd, 'data', 'other.logs', '1.log'))).toBe(true);
  });
});

describe('prune', () => {
  it('requires a unit, has a dry run, and deletes the pruned blocks\' log files', () => {
    const cwd = tempDir();
    ok(['add', 'cmd', '--cmd', 'echo x; sleep 0.05; echo y >&2'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    const log = path.join(cwd, 'data', 'logs', '1.log');
    const others = ['1.err', '1.order'].map((f) => path.join(cwd, 'data', 'logs', f));
    expect(fs.existsSync(log)).toBe(true);
    expect(others.filter((f) => fs.existsSync(f))).toEqual(others);
    const bare = cli(['prune', '--older-than', '10'], { cwd });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('no unit');
    const dry = cli(['prune', '--older-than', '0s', '--dry-run'], { cwd });
    expect(dry.stdout).toBe('1\n');
    expect(dry.stderr).toContain('would prune 1 history entry');
    expect(fs.existsSync(log)).toBe(true);
    expect(ok(['history', '--json'], { cwd })).toContain('"cmd"');
    const r = cli(['prune', '--older-than', '0s'], { cwd });
    expect(r.stderr).toContain('and 3 log file(s)');
    expect([log, ...others].filter((f) => fs.existsSync(f))).toEqual([]);
  });
});
