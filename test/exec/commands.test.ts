import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { alive, processGroupOf, until } from '../helpers/processes.js';

describe('command blocks', () => {
  it('runs a command in the directory captured at add time, with --env on top', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'sub'));
    ok(['add', 'where am i', '--cmd', 'pwd > out.txt; echo "$GREETING" >> out.txt', '--cwd', 'sub', '--env', 'GREETING=hello'], { cwd });
    const summary = JSON.parse(ok(['execute', '--json', '--logger', 'none'], { cwd }));
    expect(summary.blocks[0]).toMatchObject({ status: 'success', exit_code: 0 });
    expect(fs.readFileSync(path.join(cwd, 'sub', 'out.txt'), 'utf8')).toBe(`${fs.realpathSync(path.join(cwd, 'sub'))}\nhello\n`);
  });

  it('runs an argv command without a shell', () => {
    const cwd = tempDir();
    ok(['add', 'argv', '--cmd', '--', 'node', '-e', 'require("fs").writeFileSync("argv.txt", process.argv[1])', '$HOME;`id`'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'argv.txt'), 'utf8')).toBe('$HOME;`id`');
  });

  it('passes multi-line commands, arguments and --env values through as data, never as shell code', () => {
    const cwd = tempDir();
    const tricky = `it's "$HOME" \\ $(echo no) \`id\`\nsecond line\n`;
    ok(['add', 'script', '--cmd', 'printf "%s|" "$TRICKY" > env.txt\nprintf "%s" two >> env.txt', '--env', `TRICKY=${tricky}`], { cwd });
    ok(['add', 'argv', '--cmd', '--', 'node', '-e', 'require("fs").writeFileSync("argv.txt", JSON.stringify(process.argv.slice(1)))', tricky, '', '-n'], { cwd });
    ok(['execute', '2', '--logger', 'none'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'env.txt'), 'utf8')).toBe(`${tricky}|two`);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'argv.txt'), 'utf8'))).toEqual([tricky, '', '-n']);
  });

  it('keeps stdout and stderr apart, and files the command creates get the user umask', () => {
    const cwd = tempDir();
    ok(['add', 'both', '--cmd', 'echo to-out; echo to-err >&2; echo made > made.txt'], { cwd });
    const summary = JSON.parse(ok(['execute', '--json', '--logger', 'none'], { cwd, env: {} }));
    expect(summary.blocks[0].status).toBe('success');
    expect(ok(['logs', '1', '--stdout'], { cwd })).toMatch(/^--- attempt 1 started .*\nto-out\n--- attempt 1 succeeded\n$/);
    // The stderr file carries the same attempt markers, so the two streams line up by attempt.
    expect(ok(['logs', '1', '--stderr'], { cwd })).toMatch(/^--- attempt 1 started .*\nto-err\n--- attempt 1 succeeded\n$/);
    expect(fs.statSync(path.join(cwd, 'data', 'logs', '1.err')).mode & 0o777).toBe(0o600);
    // Only the logs are private: the command's own files follow the umask it was started with.
    expect(fs.statSync(path.join(cwd, 'made.txt')).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('records a failing command with its exit code and stderr tail, and exits 1', () => {
    const cwd = tempDir();
    ok(['add', 'fails', '--cmd', 'echo first >&2; echo last words >&2; exit 7'], { cwd });
    const r = cli(['execute', '--json', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).blocks[0]).toMatchObject({ status: 'failed', exit_code: 7, error: 'command exited with code 7: last words' });
    const [h] = JSON.parse(ok(['history', '--json'], { cwd }));
    expect(h).toMatchObject({ outcome: 'failed', exit_code: 7 });
    expect(JSON.parse(ok(['list', '--all', '--json'], { cwd }))[0]).toMatchObject({ status: 'failed' });
  });

  it('keeps the whole output of a chatty command in its 0600 log', () => {
    const cwd = tempDir();
    ok(['add', 'chatty', '--cmd', 'node -e "for (let i = 0; i < 100000; i++) console.log(\'line \' + i + \' \' + \'x\'.repeat(40))"'], { cwd });
    ok(['execute', '--logger', 'none'], { cwd });
    const log = path.join(cwd, 'data', 'logs', '1.log');
    expect(fs.statSync(log).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(log)).mode & 0o777).toBe(0o700);
    const out = ok(['logs', '1'], { cwd });
    expect(out).toContain('line 0 ');
    expect(out).toContain('line 99999 ');
    expect(out.length).toBeGreaterThan(5_000_000);
  });

  it('times out a command, kills its whole process group, and records it as timed out', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'grandchild.pid');
    // The grandchild ignores SIGTERM, so only the SIGKILL after the grace period stops it.
    ok(['add', 'hangs', '--cmd', `sh -c 'trap "" TERM; sleep 1000' & echo $! > ${pidFile}; trap "" TERM; wait`, '--timeout', '1s'], { cwd });
    const r = cli(['execute', '--json', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '500' } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).blocks[0]).toMatchObject({ status: 'failed', timed_out: true, signal: 'SIGKILL', error: 'timed out after 1 s' });
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 5000;
    while (alive(grandchild) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(alive(grandchild)).toBe(false);
  });

  it('kills what a timed-out command left behind when the grace period ends, though the command itself ended at once', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'child.pid');
    // The command's shell dies of the SIGTERM; the shell it started ignores SIGTERM and goes on.
    ok(['add', 'leaves a child', '--cmd', `sh -c 'trap "" TERM; echo $$ > ${pidFile}; sleep 1000'; true`, '--timeout', '1s'], { cwd });
    ok(['add', 'next', '--cmd', 'echo ran > next.txt'], { cwd });
    const r = cli(['execute', '2', '--json', '--logger', 'none'], { cwd, env: { WORKBLOCK_KILL_GRACE_MS: '500' } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).blocks.map((b: { status: string }) => b.status)).toEqual(['failed', 'success']);
    expect(fs.readFileSync(path.join(cwd, 'next.txt'), 'utf8')).toBe('ran\n');
    const child = Number(fs.readFileSync(pidFile, 'utf8'));
    try {
      await until(() => !alive(child), 3000);
    } finally {
      if (alive(child)) process.kill(child, 'SIGKILL');
    }
  });
});

describe('a spawner killed from outside', () => {
  it('puts the block back to pending, stops its command, and does not retry it in the same run', async () => {
    const cwd = tempDir();
    const pidFile = path.join(cwd, 'pid');
    ok(['add', 'victim', '--cmd', `echo $$ > ${pidFile}; sleep 30`], { cwd });
    const executor = waitExit(startCli(['execute', '--json', '--logger', 'none'], { cwd }));
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    const commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
    process.kill(processGroupOf(commandPid), 'SIGKILL'); // the spawner leads the group; only it dies
    const r = await executor;
    expect(r.code).toBe(0);
    await until(() => !alive(commandPid));
    const [block] = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(block).toMatchObject({ id: 1, status: 'pending', attempts: 1 });
    expect(block.last_error).toMatch(/interrupted/);
  });
});
