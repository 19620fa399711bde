import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, cliEnv, ok, tempDir } from '../helpers/cli.js';
import { queueCreated } from '../helpers/db.js';

describe('the CLI in a terminal', () => {
  it('prints the help for a bare `workblock`, with the global options listed once', () => {
    const cwd = tempDir();
    const r = cli([], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(ok(['--help'], { cwd }));
    expect(r.stdout).toMatch(/--db .*database: a SQLite file or a postgres/);
    expect(r.stdout).toContain('workblock completion');
    for (const command of ['list', 'add', 'execute']) {
      const help = ok([command, '--help'], { cwd });
      expect(help.split('Global options')[0]).not.toMatch(/--db|--debug|--version/);
      expect(help).toContain('Global options (--db, --debug, --version): see `workblock --help`.');
    }
    expect(ok(['help', 'list'], { cwd })).toBe(ok(['list', '--help'], { cwd }));
    expect(queueCreated(cwd)).toBe(false);
  });

  it('suggests a command for an unknown word only when it is close to one', () => {
    const cwd = tempDir();
    const cases: Array<[string, string | null]> = [['zap', null], ['3', null], ['frobnicate', null], ['undo', null], ['lsit', 'list'], ['histroy', 'history'], ['exceute', 'execute'], ['statu', 'status']];
    for (const [word, meant] of cases) {
      const r = cli([word], { cwd });
      expect(r.code, word).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), word).toHaveLength(1);
      if (meant) expect(r.stderr).toBe(`workblock: unknown command "${word}": did you mean \`workblock ${meant}\`?\n`);
      else expect(r.stderr).toBe(`workblock: unknown command "${word}": see \`workblock --help\` for the commands\n`);
    }
  });

  it('refuses `add` without a task in one line of its own, exit 2, creating nothing', () => {
    const cwd = tempDir();
    const r = cli(['add'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('workblock: add needs a task: workblock add "what to do" (or `add -` to read tasks from standard input)\n');
    expect(queueCreated(cwd)).toBe(false);
    const missing = cli(['show'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('workblock: `workblock show` needs more arguments: see `workblock show --help`\n');
  });

  it('prints the ids of `add -` on stdout, one per line', () => {
    const cwd = tempDir();
    ok(['add', 'already there'], { cwd });
    const r = cli(['add', '-', '--tag', 'todo'], { cwd, input: 'one\ntwo\n{"task":"three"}\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2\n3\n4\n');
    expect(r.stderr).toBe('added 3 blocks (#2..#4)\n');
  });

  it('reports a timeout in the units it was given', () => {
    const cwd = tempDir();
    ok(['add', 'slow', '--cmd', 'sleep 10', '--timeout', '1s'], { cwd });
    const r = cli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '200' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('timed out after 1 s');
    expect(r.stdout).toContain('timed out after 1 s');
  });

  it('completes commands and options in bash through `workblock completion bash`', () => {
    const cwd = tempDir();
    // The script calls `workblock` from PATH, as an installed one would be.
    const binDir = tempDir();
    fs.writeFileSync(path.join(binDir, 'workblock'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(cwd, 'completion.bash'), ok(['completion', 'bash'], { cwd }));
    const complete = (words: string[]) => {
      const script = `source ./completion.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _workblock_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', script], { cwd, env: cliEnv({ PATH: `${binDir}:${process.env.PATH}` }), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split('\n');
    };
    expect(complete(['workblock', 'hist'])).toEqual(['history']);
    expect(complete(['workblock', 'list', '--fo'])).toEqual(['--format']);
    expect(complete(['workblock', 'ex'])).toEqual(expect.arrayContaining(['execute', 'export']));
  });

  it('prints a zsh completion script and answers zsh with descriptions', () => {
    const cwd = tempDir();
    const script = ok(['completion', 'zsh'], { cwd });
    expect(script).toMatch(/^#compdef workblock\n/);
    expect(script).toContain('compdef _workblock_yargs_completions workblock');
    expect(script).toContain('workblock --get-yargs-completions');
    const answers = ok(['--get-yargs-completions', 'workblock', 'l'], { cwd, env: { SHELL: '/bin/zsh' } }).split('\n');
    expect(answers).toContain('list:show pending blocks in execution order');
    const r = cli(['completion', 'fish'], { cwd });
    expect(r.code).toBe(2);
  });
});
