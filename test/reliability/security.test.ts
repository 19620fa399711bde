import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dbPath, ok, ROOT, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/backend.js';

const SECRET = 's3cr3t-Value-42';

describe('security', () => {
  it(onPostgres ? 'creates the log directory 0700 and its files 0600' : 'creates the database 0600 and the log directory 0700', () => {
    const cwd = tempDir();
    ok(['add', 'x', '--cmd', 'true'], { cwd });
    ok(['execute', '--logger', 'markdown'], { cwd });
    if (!onPostgres) expect(fs.statSync(dbPath(cwd)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(cwd, 'data', 'logs')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cwd, 'data', 'logs', '1.log')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(cwd, 'data', 'worklog.md')).mode & 0o777).toBe(0o600);
  });

  it('never passes task text through a shell in exec: and argv: loggers', () => {
    const cwd = tempDir();
    ok(['add', '$(touch PWNED1); `touch PWNED2`; touch PWNED3', 'r', 'i', 'n'], { cwd });
    const out = path.join(cwd, 'exec-out.json');
    ok(['execute', '--logger', `exec:node ${path.join(ROOT, 'test', 'fixtures', 'exec-logger.mjs')} ${out}`, '--logger', 'argv:echo'], { cwd });
    for (const f of ['PWNED1', 'PWNED2', 'PWNED3']) expect(fs.existsSync(path.join(cwd, f))).toBe(false);
    expect(JSON.parse(JSON.parse(fs.readFileSync(out, 'utf8')).stdin).task).toBe('$(touch PWNED1); `touch PWNED2`; touch PWNED3');
  });

  it('redacts URL credentials and token parameters in config list and get', () => {
    const cwd = tempDir();
    ok(['config', 'set', 'loggers', 'webhook:https://alice:hunter2@hooks.example.com/x?token=abc123&team=ops'], { cwd });
    for (const args of [['config', 'list'], ['config', 'get', 'loggers'], ['config', 'list', '--json']]) {
      const out = ok(args, { cwd });
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('abc123');
      expect(out).toContain('team=ops');
    }
  });

  it('keeps secret --env values out of list, show, export, status, errors and the diary', () => {
    const cwd = tempDir();
    ok(['add', 'deploy', '--cmd', `echo using ${SECRET} >&2; exit 1`, '--env', `API_TOKEN=${SECRET}`, '--env', 'REGION=eu'], { cwd });
    const outputs = [ok(['list', '--all', '--json'], { cwd }), ok(['show', '1', '--json'], { cwd }), ok(['export'], { cwd }), ok(['export', '--json'], { cwd })];
    const run = cli(['execute', '--json', '--logger', 'markdown', '--logger', 'jsonl'], { cwd });
    expect(run.code).toBe(1);
    outputs.push(run.stdout, run.stderr, ok(['list', '--all', '--json'], { cwd }), ok(['history', '--json'], { cwd }), ok(['status', '--json'], { cwd }));
    outputs.push(fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8'), fs.readFileSync(path.join(cwd, 'data', 'worklog.jsonl'), 'utf8'));
    for (const text of outputs) expect(text).not.toContain(SECRET);
    expect(run.stdout).toContain('using ***');
  });
});
