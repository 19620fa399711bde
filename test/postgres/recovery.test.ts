import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { alive, processGroupOf, until } from '../helpers/processes.js';

const LEASE_MS = 5000;

/** An executor on `host` running a long command, killed with -9: its block stays `running` with its lease. */
async function orphanedOn(host: string): Promise<{ cwd: string; commandPid: number }> {
  const cwd = tempDir();
  const pidFile = path.join(cwd, 'pid');
  ok(['add', 'long', '--cmd', `echo $$ > ${pidFile}; sleep 600`], { cwd });
  const executor = startCli(['execute', '1', '--logger', 'none'], { cwd, env: { WORKBLOCK_HOST_ID: host, WORKBLOCK_LEASE_MS: String(LEASE_MS) } });
  const exited = waitExit(executor);
  await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
  executor.kill('SIGKILL');
  await exited;
  return { cwd, commandPid: Number(fs.readFileSync(pidFile, 'utf8')) };
}

function stopGroup(pid: number): void {
  if (!alive(pid)) return;
  process.kill(-processGroupOf(pid), 'SIGKILL');
}

describe('recovery across hosts', () => {
  it('leaves a live lease of another host alone and recovers it once the lease expires', async () => {
    const { cwd, commandPid } = await orphanedOn('host-a');
    try {
      const [leased] = await queryRows<{ status: string; lease_host: string; lease_until: number }>(cwd, 'select status, lease_host, lease_until from blocks');
      expect(leased).toMatchObject({ status: 'running', lease_host: 'host-a' });

      // Another host cannot check host-a's pids: only the lease's expiry frees the block.
      const early = cli(['recover'], { cwd, env: { WORKBLOCK_HOST_ID: 'host-b' } });
      expect(early.stdout).toBe('0\n');
      expect((await queryRows<{ status: string }>(cwd, 'select status from blocks'))[0].status).toBe('running');

      await new Promise((r) => setTimeout(r, Math.max(0, leased.lease_until - Date.now()) + 200));
      const late = cli(['recover'], { cwd, env: { WORKBLOCK_HOST_ID: 'host-b' } });
      expect(late.stdout, late.stderr).toBe('1\n');
      const [row] = await queryRows<{ status: string; last_error: string; lease_host: string | null }>(cwd, 'select status, last_error, lease_host from blocks');
      expect(row).toMatchObject({ status: 'pending', lease_host: null });
      expect(row.last_error).toMatch(/lease from host-a expired/);
      // host-b must not signal a process group it only knows by a number from another machine.
      expect(alive(commandPid)).toBe(true);
    } finally {
      stopGroup(commandPid);
    }
  });

  it('recovers at once on the host whose executor died (its pid is gone)', async () => {
    const { cwd, commandPid } = await orphanedOn('host-a');
    try {
      const r = cli(['recover'], { cwd, env: { WORKBLOCK_HOST_ID: 'host-a' } });
      expect(r.stdout, r.stderr).toBe('1\n');
      const [row] = await queryRows<{ status: string; last_error: string }>(cwd, 'select status, last_error from blocks');
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/executor pid \d+ on host-a is gone/);
    } finally {
      stopGroup(commandPid);
    }
  });
});
