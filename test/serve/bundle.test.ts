import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cliEnv, ok, ROOT, tempDir } from '../helpers/cli.js';
import { startServe, type Served } from './serve-helpers.js';

/** The bundles under dist/bundle a CLI run read, and how it exited. */
function bundlesReadBy(args: string[], cwd: string): { code: number | null; read: string[] } {
  const trace = path.join(cwd, `reads-${Date.now()}.txt`);
  const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'test', 'fixtures', 'trace-reads.cjs'), BIN, ...args], { cwd, env: cliEnv({ TRACE_READS_FILE: trace }), encoding: 'utf8' });
  const read = fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').trim().split('\n') : [];
  return { code: r.status, read: read.filter((f) => f.includes('/dist/bundle/')).map((f) => path.basename(f)) };
}

let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});

describe('the dashboard stays out of the other commands', () => {
  it('lives in dist/bundle/serve.cjs, which only serve reads', async () => {
    const cli = fs.readFileSync(path.join(ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf8');
    expect(cli).not.toContain('csrf-token');
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'bundle', 'serve.cjs'), 'utf8')).toContain('csrf-token');
    const cwd = tempDir();
    ok(['add', 'x'], { cwd });
    for (const [args, bundle] of [[['list'], 'cli.cjs'], [['status'], 'cli.cjs'], [['execute', '1', '--logger', 'none'], 'fast-execute.cjs']] as const) {
      const r = bundlesReadBy([...args], cwd);
      expect(r.code).toBe(0);
      expect(r.read).toContain(bundle);
      expect(r.read).not.toContain('serve.cjs');
    }
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'bundle', 'fast-execute.cjs'), 'utf8')).not.toContain('csrf-token');
    // serve reads it (here failing on a port in use, after loading it), and reports the error as the CLI does.
    served = await startServe(cwd);
    const r = bundlesReadBy(['serve', '--port', String(served.port)], cwd);
    expect(r.code).toBe(2);
    expect(r.read).toContain('serve.cjs');
  });
});
