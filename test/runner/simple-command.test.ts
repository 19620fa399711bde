/**
 * A plain-words shell command runs in the spawner's forked shell instead of a second `sh -c`
 * (simple-command.ts, spawner-script.ts). It must behave exactly as `sh -c` would: same output, same
 * messages, same status, same shell state seen from inside. Each command below runs both ways on real
 * spawners: as the shell command (the fast path when it is plain words) and as the argv
 * `/bin/sh -c TEXT`, which always execs a shell.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecOutcome } from '../../src/command.js';
import { CommandPool } from '../../src/runner/command-pool.js';
import { simpleCommandWord } from '../../src/runner/simple-command.js';
import { useTempDir } from '../loggers/temp-dir.js';

const tempDir = useTempDir();
let pool: CommandPool | null = null;

afterEach(() => {
  pool?.close();
  pool = null;
});

describe('simpleCommandWord', () => {
  it('takes plain words and gives their command word', () => {
    expect(simpleCommandWord('true')).toBe('true');
    expect(simpleCommandWord('  make -j2 test  ')).toBe('make');
    expect(simpleCommandWord('./build.sh --out=dist a,b x@y 50%')).toBe('./build.sh');
    expect(simpleCommandWord('sleep\t0.05')).toBe('sleep');
  });

  it('refuses anything with shell syntax, an assignment first, or a word that changes how the shell reads', () => {
    for (const text of ['echo $HOME', 'echo `id`', "echo 'a b'", 'echo "a"', 'a\\ b', 'a; b', 'a && b', 'a | b', 'a > f', 'a < f', 'a &', '(a)', '{ a; }', 'ls *', 'ls ?', 'ls [ab]', 'cd ~', 'a # c', 'a\nb', 'X=1 env', '. ./env.sh', 'source x', 'command . x', 'if true', 'for a', 'while', '!', '']) {
      expect(simpleCommandWord(text), text).toBeNull();
    }
  });
});

interface Ran {
  outcome: ExecOutcome;
  /** all the attempt wrote to stdout and stderr (the outcome keeps only their last lines) */
  stdout: string;
  stderr: string;
}

/** Runs `shell` first as a shell command, then as the argv /bin/sh -c, as the same block in the same directory. */
async function bothWays(dir: string, shell: string): Promise<[Ran, Ran]> {
  const attemptOf = (file: string) => {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.rmSync(file, { force: true });
    return text.replace(/^--- attempt .*\n/gm, '');
  };
  const run = async (command: { shell: string } | { argv: string[] }) => {
    const outcome = await pool!.run({ id: 1, attempts: 1, command, cwd: dir, env: { SOME_VAR: 'v' }, timeoutMs: null }).done;
    const logs = path.join(dir, 'logs');
    return {
      outcome: { ...outcome!, durationMs: 0, startedAt: 0, finishedAt: 0 },
      stdout: attemptOf(path.join(logs, '1.log')),
      stderr: attemptOf(path.join(logs, '1.err')),
    };
  };
  return [await run({ shell }), await run({ argv: ['/bin/sh', '-c', shell] })];
}

describe('a plain-words command', () => {
  it('behaves as sh -c: output, messages, status and the shell state it can see', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'not-executable'), 'echo hi\n', { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'no-shebang'), 'echo script "$0" "$#"\n', { mode: 0o700 });
    fs.mkdirSync(path.join(dir, 'a-dir'));
    // Whether the command's parent leads the slot's process group: the same process tree both ways
    // (dash 0.5.12's `sh -c` forks a program under itself, so the parent is a shell there too).
    fs.writeFileSync(path.join(dir, 'show-parent'), '#!/bin/sh\n[ "$PPID" = "$(cut -d" " -f5 /proc/$$/stat)" ] && echo "parent leads the group" || echo "parent is a shell"\n', { mode: 0o700 });
    pool = new CommandPool(1, path.join(dir, 'logs'));
    const commands = [
      'true', 'false', 'exit 3', 'echo a   b', 'pwd', 'umask', 'env', 'set', 'set -o', 'export -p', 'readonly -p',
      'trap', 'hash', 'alias', 'jobs', 'shift', 'wait', 'read line', 'type value', 'type c', 'type eval',
      'cd /nonexistent-dir', 'no-such-command a b', './no-such-file', './not-executable', './a-dir',
      './no-shebang x y', 'eval echo from eval', 'exec echo from exec', 'printenv WORKBLOCK_ID SOME_VAR',
      'sh -c exit', 'kill -0 0', 'test -n x', 'cat not-executable', 'value', 'value 1', './show-parent',
    ];
    for (const text of commands) {
      const [plain, viaShell] = await bothWays(dir, text);
      expect(plain, text).toEqual(viaShell);
    }
    // (`set` above prints every shell variable: none of the spawner's is among them)
    const [set] = await bothWays(dir, 'set');
    expect(set.stdout).toContain("WORKBLOCK_ID='1'");
    expect(set.stdout).not.toMatch(/^(logs|tokens|executor|sep|sepfile|seq|stamp|word|text|argc|cwd|c|w|v|line|status)=/m);
  }, 60_000);
});
