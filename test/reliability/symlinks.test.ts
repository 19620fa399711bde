import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

const TARGET_TEXT = 'precious\n';

/** A file outside data/ that a planted symlink points at; it must stay exactly as it was. */
function plantLink(cwd: string, at: string): string {
  const target = path.join(cwd, `target-${path.basename(at)}`);
  fs.writeFileSync(target, TARGET_TEXT);
  fs.mkdirSync(path.dirname(at), { recursive: true, mode: 0o700 });
  fs.symlinkSync(target, at);
  return target;
}

function blocks(cwd: string): { id: number; status: string; last_error: string | null }[] {
  return JSON.parse(ok(['list', '--all', '--json'], { cwd })) as { id: number; status: string; last_error: string | null }[];
}

describe('no writes through symlinks', () => {
  for (const file of ['1.log', '1.err', '1.order']) {
    it(`refuses a symlink planted at logs/${file}, fails the block with the reason and leaves the target unchanged`, () => {
      const cwd = tempDir();
      ok(['add', 'writes output', '--cmd', 'echo out; echo err >&2'], { cwd });
      const target = plantLink(cwd, path.join(cwd, 'data', 'logs', file));
      const run = cli(['execute', '--logger', 'jsonl'], { cwd });
      expect(run.code).toBe(1);
      expect(fs.readFileSync(target, 'utf8')).toBe(TARGET_TEXT);
      expect(fs.lstatSync(path.join(cwd, 'data', 'logs', file)).isSymbolicLink()).toBe(true);
      const record = JSON.parse(fs.readFileSync(path.join(cwd, 'data', 'worklog.jsonl'), 'utf8')) as { outcome: string };
      expect(record.outcome).toBe('failed');
      const [entry] = JSON.parse(ok(['history', '--json'], { cwd })) as { last_error: string }[];
      expect(entry.last_error).toContain(`refusing to write ${path.join(cwd, 'data', 'logs', file)}: it is a symbolic link`);
    });
  }

  it('refuses a symlink at the markdown diary and at the JSONL file: the block stays queued, the targets unchanged', () => {
    const cwd = tempDir();
    ok(['add', 'delivered nowhere', 'r', 'i', 'n'], { cwd });
    for (const [spec, file] of [['markdown', 'worklog.md'], ['jsonl', 'worklog.jsonl']]) {
      const at = path.join(cwd, 'data', file);
      const target = plantLink(cwd, at);
      const run = cli(['execute', '--logger', spec], { cwd });
      expect(run.code).toBe(1);
      expect(fs.readFileSync(target, 'utf8')).toBe(TARGET_TEXT);
      expect(blocks(cwd)).toMatchObject([{ status: 'pending', last_error: `logger ${spec}:${at} failed: refusing to write ${at}: it is a symbolic link (remove it; workblock never writes through one)` }]);
    }
  });

  it('refuses a FIFO planted at the JSONL path without hanging on it', () => {
    const cwd = tempDir();
    ok(['add', 'delivered nowhere', 'r', 'i', 'n'], { cwd });
    const fifo = path.join(cwd, 'data', 'worklog.jsonl');
    execFileSync('mkfifo', [fifo]);
    const run = cli(['execute', '--logger', 'jsonl'], { cwd });
    expect(run.code).toBe(1);
    expect(blocks(cwd)).toMatchObject([{ status: 'pending', last_error: `logger jsonl:${fifo} failed: refusing to write ${fifo}: it is not a regular file (remove it)` }]);
  });

  it('tightens an existing diary readable by others to 0600', () => {
    const cwd = tempDir();
    ok(['add', 'diary entry', 'r', 'i', 'n'], { cwd });
    const diary = path.join(cwd, 'data', 'worklog.md');
    fs.writeFileSync(diary, '# my diary\n', { mode: 0o644 });
    fs.chmodSync(diary, 0o644);
    ok(['execute', '--logger', 'markdown'], { cwd });
    expect(fs.statSync(diary).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(diary, 'utf8')).toMatch(/^# my diary\n## diary entry/);
  });

  it('refuses a logs directory that is a symlink, writing nothing into its target', () => {
    const cwd = tempDir();
    ok(['add', 'writes output', '--cmd', 'echo out'], { cwd });
    const elsewhere = fs.mkdtempSync(path.join(cwd, 'elsewhere-'));
    fs.symlinkSync(elsewhere, path.join(cwd, 'data', 'logs'));
    const run = cli(['execute', '--logger', 'none'], { cwd });
    expect(run.code).toBe(1);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    const [entry] = JSON.parse(ok(['history', '--json'], { cwd })) as { last_error: string }[];
    expect(entry.last_error).toBe(`could not start the command: refusing to write into ${path.join(cwd, 'data', 'logs')}: it is a symbolic link (replace it with a directory)`);
  });

  it('tightens an existing logs directory open to others (0777) to 0700, and its log files to 0600', () => {
    const cwd = tempDir();
    ok(['add', 'writes output', '--cmd', 'echo out; echo err >&2'], { cwd });
    const logs = path.join(cwd, 'data', 'logs');
    fs.mkdirSync(logs);
    fs.chmodSync(logs, 0o777);
    fs.writeFileSync(path.join(logs, '1.log'), 'old\n');
    fs.chmodSync(path.join(logs, '1.log'), 0o666);
    ok(['execute', '--logger', 'none'], { cwd });
    expect(fs.statSync(logs).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(logs, '1.log')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(logs, '1.err')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(logs, '1.log'), 'utf8')).toMatch(/^old\n--- attempt 1 started .*\nout\n--- attempt 1 succeeded\n$/);
  });

  it('refuses to show a log file that is a symlink', () => {
    const cwd = tempDir();
    ok(['add', 'writes output', '--cmd', 'echo out'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    const log = path.join(cwd, 'data', 'logs', '1.log');
    fs.rmSync(log);
    plantLink(cwd, log);
    const run = cli(['logs', '1'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('precious');
    expect(run.stderr).toContain('it is a symbolic link');
  });
});
