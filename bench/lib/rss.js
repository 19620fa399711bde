// Peak resident memory of a command: GNU time's %M when /usr/bin/time exists, else VmHWM from /proc.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scratch } from './measure.js';

/** Peak RSS in MiB; rejects when the command fails. */
export async function peakRssMiB(cmd, args, opts = {}) {
  return fs.existsSync('/usr/bin/time') ? viaTime(cmd, args, opts) : viaProc(cmd, args, opts);
}

function viaTime(cmd, args, opts) {
  const out = path.join(scratch('rss'), 'maxrss');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  // GNU time writes "Command exited with non-zero status" before the figure when the command fails.
  const kib = Number(fs.readFileSync(out, 'utf8').trim().split('\n').pop());
  return kib / 1024;
}

/** VmHWM is a high-water mark, so sampling every 5 ms misses only growth in the last few ms. */
function viaProc(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore', ...opts });
    let peak = 0;
    const sample = () => {
      try {
        const m = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        /* the process just ended: keep the last sample */
      }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}`));
      else resolve(peak / 1024);
    });
  });
}
