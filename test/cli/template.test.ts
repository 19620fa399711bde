import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, ROOT, tempDir } from '../helpers/cli.js';

const WRITE_ARGV = path.join(ROOT, 'test', 'fixtures', 'write-argv.mjs');
const NASTY = `it's "$(touch pwned)"; touch pwned2 *`;

describe('templates', () => {
  it('fills {1} and {name} into argv values and env, never through a shell', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'deploy', '--tag', 'deploy', '--timeout', '5m', '--retries', '2', '--env', 'WB_TARGET={target}', '--cmd', '--', process.execPath, WRITE_ARGV, 'out.json', '--version={1}', '{target}'], { cwd });
    const id = ok(['add', '--template', 'deploy', NASTY, 'target=prod', '--tag', 'extra'], { cwd }).trim();
    const block = JSON.parse(ok(['show', id, '--json'], { cwd }));
    expect(block.task).toBe(`deploy ${NASTY} target=prod`);
    expect(block.tags).toEqual(['deploy', 'extra']);
    expect(block).toMatchObject({ timeout_ms: 300_000, retries: 2 });
    ok(['execute', '--logger', 'none'], { cwd });
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'out.json'), 'utf8'))).toEqual({ argv: [`--version=${NASTY}`, 'prod'], target: 'prod' });
    expect(fs.existsSync(path.join(cwd, 'pwned'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'pwned2'))).toBe(false);
  });

  it('passes a shell template its arguments as "$1", "$2" of sh -c', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'greet', '--cmd', 'printf "%s|%s" "$1" "$2" > greeting.txt'], { cwd });
    ok(['add', '--template', 'greet', NASTY, 'two words'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'greeting.txt'), 'utf8')).toBe(`${NASTY}|two words`);
    expect(fs.existsSync(path.join(cwd, 'pwned'))).toBe(false);
  });

  it('refuses placeholders in shell text, missing and extra arguments, with exit 2 and nothing added', () => {
    const cwd = tempDir();
    const shell = cli(['template', 'add', 'bad', '--cmd', 'echo {1}'], { cwd });
    expect(shell.code).toBe(2);
    expect(shell.stderr).toContain('write "$1"');
    ok(['template', 'add', 'two', '--cmd', '--', 'echo', '{1}', '{2}'], { cwd });
    ok(['template', 'add', 'named', '--cmd', '--', 'echo', '{env}'], { cwd });
    ok(['template', 'add', 'sh2', '--cmd', 'echo "$2"'], { cwd });
    for (const args of [['two', 'a'], ['two', 'a', 'b', 'c'], ['named'], ['named', 'x'], ['sh2', 'a'], ['missing'], ['two', 'a', 'b', '--cmd', 'true'], ['two', '-', 'b']]) {
      const r = cli(['add', '--template', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
  });

  it('lists, shows (secrets masked), replaces and removes templates', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'nightly', '--cmd', 'make nightly', '--timeout', '5m', '--retries', '2', '--env', 'API_TOKEN=s3cr3t-value'], { cwd });
    expect(ok(['template', 'list'], { cwd })).toMatch(/^nightly +make nightly$/m);
    const shown = JSON.parse(ok(['template', 'show', 'nightly', '--json'], { cwd }));
    expect(shown).toMatchObject({ name: 'nightly', command: { shell: 'make nightly' }, timeout_ms: 300000, max_retries: 2, env: { API_TOKEN: '***' } });
    expect(ok(['template', 'show', 'nightly'], { cwd })).not.toContain('s3cr3t');
    expect(cli(['template', 'add', 'nightly', '--cmd', 'true'], { cwd }).code).toBe(2);
    ok(['template', 'add', 'nightly', '--cmd', 'make all', '--replace'], { cwd });
    expect(JSON.parse(ok(['template', 'list', '--json'], { cwd }))[0].command).toEqual({ shell: 'make all' });
    ok(['template', 'remove', 'nightly'], { cwd });
    expect(ok(['template', 'list'], { cwd })).toContain('No templates');
    expect(cli(['template', 'remove', 'nightly'], { cwd }).code).toBe(2);
  });

  it('never shows a secret in a template’s command: URL passwords, token query values, secret env values', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'fetch', '--env', 'API_TOKEN=s3cr3t-value', '--cmd', 'curl "https://u:hunter2@h/x?token=abc123"'], { cwd });
    ok(['template', 'add', 'argv', '--env', 'API_TOKEN=s3cr3t-value', '--cmd', '--', 'curl', '-H', 'Authorization: s3cr3t-value', 'https://u:hunter2@h/x'], { cwd });
    const shown = [ok(['template', 'list'], { cwd }), ok(['template', 'list', '--json'], { cwd })];
    for (const name of ['fetch', 'argv']) shown.push(ok(['template', 'show', name], { cwd }), ok(['template', 'show', name, '--json'], { cwd }));
    for (const text of shown) {
      expect(text).toContain('https://***@h/x');
      for (const secret of ['hunter2', 'abc123', 's3cr3t-value']) expect(text).not.toContain(secret);
    }
  });

  it('shows durations in human units (JSON keeps milliseconds)', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'slow', '--cmd', 'make', '--timeout', '5m', '--retry-delay', '30s'], { cwd });
    const text = ok(['template', 'show', 'slow'], { cwd });
    expect(text).toMatch(/^timeout: 5 min$/m);
    expect(text).toMatch(/^retry_delay: 30 s$/m);
    expect(text).not.toContain('300000');
    expect(JSON.parse(ok(['template', 'show', 'slow', '--json'], { cwd }))).toMatchObject({ timeout_ms: 300000, retry_delay_ms: 30000 });
  });

  it('says in help where the retries, retry delay and timeout defaults come from', () => {
    const cwd = tempDir();
    const help = (args: string[]) => ok([...args, '--help'], { cwd });
    for (const text of [help(['template', 'add']), help(['schedule', 'add']), help(['edit'])]) {
      expect(text).not.toContain('(default 0)');
      expect(text).not.toContain('(default 1s)');
    }
    // A template's unset fields take the queue's config when a block is queued from it.
    expect(help(['template', 'add'])).toMatch(/config\s+retries/);
    expect(help(['template', 'add'])).toMatch(/config\s+retry_delay/);
  });
});
