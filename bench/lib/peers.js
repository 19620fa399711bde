// Peer tools for side-by-side timing: task-spooler (tsp), nq, and the legacy Python queue.
import { spawnSync } from 'node:child_process';

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs missing Debian packages once; returns notes for what stays missing. */
export function ensurePeers(log) {
  const wanted = { tsp: 'task-spooler', nq: 'nq', python3: 'python3' };
  const missing = Object.entries(wanted).filter(([cmd]) => !have(cmd));
  if (missing.length && have('apt-get')) {
    log(`installing ${missing.map(([, p]) => p).join(', ')} with apt-get...`);
    const pkgs = missing.map(([, p]) => p);
    let r = spawnSync('apt-get', ['install', '-y', '-q', ...pkgs], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
      r = spawnSync('apt-get', ['install', '-y', '-q', ...pkgs], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    }
  }
  return Object.keys(wanted).filter((cmd) => !have(cmd)).map((cmd) => `${cmd} not available: its comparisons are skipped`);
}
