/** An error nothing catches while execute runs takes the same way out as Ctrl-C: stop, hand back, exit 1. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, until } from '../helpers/processes.js';

/**
 * A module logger runs inside execute's process: a bug in it that throws from a timer (or leaves a
 * rejected promise) escapes every try/catch. It waits until the long command is up, so there is
 * something running to stop.
 */
const buggyLogger = (escape: string) => `
import { existsSync } from 'node:fs';
export default {
  name: 'buggy',
  async log() {
    while (!existsSync('pid')) await new Promise((r) => setTimeout(r, 20));
    ${escape}
  },
};
`;

describe.each([
  ['an uncaught exception', "setTimeout(() => { throw new Error('logger bug: boom'); }, 0);"],
  ['an unhandled rejection', "Promise.reject(new Error('logger bug: boom'));"],
])('%s during execute', (_kind, escape) => {
  it('stops claiming, stops the running command, hands its block back and exits 1 with one line on stderr', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'buggy.mjs'), buggyLogger(escape));
    ok(['add', 'quick', '--cmd', 'true'], { cwd });
    ok(['add', 'long', '--cmd', 'echo $$ > pid; sleep 600'], { cwd });
    const executor = startCli(['execute', '2', '-c', '2', '--logger', 'module:buggy.mjs'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '20000' } });
    const r = await waitExit(executor);
    expect(r.code, r.stderr).toBe(1);
    const errorLines = r.stderr.split('\n').filter((l) => l.includes('boom'));
    expect(errorLines, r.stderr).toHaveLength(1);
    expect(r.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    const commandPid = Number(fs.readFileSync(path.join(cwd, 'pid'), 'utf8'));
    await until(() => !alive(commandPid), 2000).catch(() => undefined);
    expect(alive(commandPid)).toBe(false);
    const [long] = await queryRows<{ status: string }>(cwd, 'select status from blocks where id = 2');
    // The long block went back to pending, not left running for recovery to find much later.
    expect(long).toMatchObject({ status: 'pending' });
  });
});

describe('an uncaught exception during run', () => {
  it('stops the batch the same way: the long command ends, its block stays queued, exit 1', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'buggy.mjs'), buggyLogger("setTimeout(() => { throw new Error('logger bug: boom'); }, 0);"));
    const child = startCli(['run', '--logger', 'module:buggy.mjs', '--task', 'quick:true', '--task', 'long:echo $$ > pid; sleep 600'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '20000' } });
    const r = await waitExit(child);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('boom')), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/not run \(stopped by error; still queued\)/);
    const commandPid = Number(fs.readFileSync(path.join(cwd, 'pid'), 'utf8'));
    await until(() => !alive(commandPid), 2000).catch(() => undefined);
    expect(alive(commandPid)).toBe(false);
  });
});
