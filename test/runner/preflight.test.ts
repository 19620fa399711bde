import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHECK_FAILED_EXIT, withPreflight } from '../../src/runner/preflight.js';
import type { Command } from '../../src/command.js';

function run(command: Command) {
  if (!('argv' in command)) throw new Error('withPreflight returns an argv');
  const [program, ...args] = command.argv;
  return spawnSync(program, args, { encoding: 'utf8' });
}

describe('withPreflight', () => {
  it('runs an argv command unchanged after a passing check, arguments intact', () => {
    const r = run(withPreflight({ argv: ['printf', '%s|', 'a b', '$(echo no)', ';'] }, 'echo checking'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('a b|$(echo no)|;|');
    expect(r.stderr).toBe('checking\n');
  });

  it('runs a shell command after a passing check, and keeps its exit code', () => {
    const r = run(withPreflight({ shell: 'echo "$0" >&2; exit 3' }, 'true'));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('/bin/sh\n');
  });

  it('never runs the command when the check fails, and says so last on stderr', () => {
    const r = run(withPreflight({ shell: 'echo RAN' }, 'echo "down: \\\\n $HOME"; exit 9'));
    expect(r.status).toBe(CHECK_FAILED_EXIT);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('check failed: echo "down: \\\\n $HOME"; exit 9');
  });
});
