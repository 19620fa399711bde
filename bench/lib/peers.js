// Peer tools for side-by-side timing: task-spooler (tsp), nq, the legacy Python queue, and GNU time.
import { spawnSync } from 'node:child_process';

// GNU time gives exact peak RSS; without it rss.js samples /proc instead.
const WANTED = { tsp: 'task-spooler', nq: 'nq', python3: 'python3', '/usr/bin/time': 'time' };

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs each missing Debian package (apt-get update once, only if an install fails); returns notes for what stays missing. */
export function ensurePeers(log) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (pkg) => spawnSync('apt-get', ['install', '-y', '-q', pkg], { stdio: 'ignore', env }).status === 0;
  let updated = false;
  for (const [cmd, pkg] of Object.entries(WANTED)) {
    if (have(cmd) || !have('apt-get')) continue;
    log(`installing ${pkg} with apt-get...`);
    if (install(pkg) || updated) continue;
    updated = true;
    spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore', env });
    install(pkg);
  }
  return Object.keys(WANTED)
    .filter((cmd) => !have(cmd))
    .map((cmd) => `${cmd} not available: ${cmd === '/usr/bin/time' ? 'peak RSS is sampled from /proc' : 'its comparisons are skipped'}`);
}
