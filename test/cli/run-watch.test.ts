import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startCli, tempDir, waitExit } from '../helpers/cli.js';
import { alive } from '../helpers/processes.js';

async function until(what: string, test: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

/** A batch whose one command records its label, and OVERLAP if another run of it is still going. */
function writeBatch(file: string, label: string, sleepS = 0.6): void {
  const command = `mkdir running 2>/dev/null || echo OVERLAP >> runs.txt; echo ${label} >> runs.txt; sleep ${sleepS}; rmdir running`;
  fs.writeFileSync(file, JSON.stringify({ commands: [{ name: 'job', command }] }));
}

describe('run --watch', () => {
  it('runs again when the file changes, never two runs at once, and stops cleanly on Ctrl-C', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'batch.json');
    const runs = path.join(cwd, 'runs.txt');
    writeBatch(file, 'one');
    const child = startCli(['run', file, '--watch', '--logger', 'none'], { cwd });
    const exit = waitExit(child);
    await until('the first run', () => lines(runs).includes('one'));
    // Edits while the first run is still going: they coalesce into runs after it, one at a time.
    writeBatch(file, 'two');
    await sleep(50);
    writeBatch(file, 'three');
    await until('a run of the last version', () => lines(runs).includes('three'));
    await until('the run to finish', () => !fs.existsSync(path.join(cwd, 'running')));
    // A bad edit is reported and waited out; fixing it runs again.
    fs.writeFileSync(file, '{ "commands": [');
    await sleep(1_000);
    writeBatch(file, 'four', 0);
    await until('a run after the fix', () => lines(runs).includes('four'));
    await sleep(500);
    child.kill('SIGINT');
    const r = await exit;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(lines(runs)).not.toContain('OVERLAP');
    expect(lines(runs)[0]).toBe('one');
    expect(lines(runs).at(-1)).toBe('four');
    expect(r.stderr).toContain(`watching ${file} for changes`);
    expect(r.stderr).toMatch(/is not valid JSON/);
  });

  it('counts edits within the debounce window as one change: one run, of the last version', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'batch.json');
    const runs = path.join(cwd, 'runs.txt');
    writeBatch(file, 'one', 0);
    const child = startCli(['run', file, '--watch', '--logger', 'none'], { cwd });
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const exit = waitExit(child);
    await until('the first run to finish', () => stderr.includes('watching'));
    // A save every 50 ms for a second, each well inside the 200 ms window of the one before: one
    // change, so one run, of the last version. (Without the debounce, runs start mid-stream.)
    let widest = 0;
    let last = performance.now();
    for (let i = 1; i <= 20; i++) {
      writeBatch(file, `v${i}`, 0);
      widest = Math.max(widest, performance.now() - last);
      last = performance.now();
      await sleep(50);
    }
    await until('a run of the last version', () => lines(runs).includes('v20'));
    // Long enough for a second, wrongly undebounced run to start and record itself.
    await sleep(2_000);
    child.kill('SIGINT');
    const r = await exit;
    expect(r.code).toBe(0);
    expect(lines(runs).at(-1)).toBe('v20');
    expect(lines(runs)).not.toContain('OVERLAP');
    // A machine so loaded that this process slept past the window between two saves proves nothing.
    if (widest < 150) expect(lines(runs)).toEqual(['one', 'v20']);
  });

  it('interrupts a running batch on Ctrl-C with exit 130, leaves no process behind and runs nothing after', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'batch.json');
    fs.writeFileSync(file, JSON.stringify({ commands: [{ name: 'slow', command: "echo started >> runs.txt; sh -c 'echo $$ > sleep.pid; exec sleep 30'; echo finished >> runs.txt" }] }));
    const child = startCli(['run', file, '--watch', '--logger', 'none'], { cwd });
    const exit = waitExit(child);
    const pidFile = path.join(cwd, 'sleep.pid');
    await until('the command to start', () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').endsWith('\n'));
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    child.kill('SIGINT');
    const r = await exit;
    expect(r.code).toBe(130);
    await until('the command’s own child to be gone', () => !alive(pid), 10_000);
    await sleep(300);
    expect(lines(path.join(cwd, 'runs.txt'))).toEqual(['started']);
  });

  it('refuses --watch without a file, and a bad file before watching, with exit 2', async () => {
    const cwd = tempDir();
    for (const args of [['run', '--task', 'a:true', '--watch'], ['run', path.join(cwd, 'missing.json'), '--watch']]) {
      const r = await waitExit(startCli(args, { cwd }));
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});
