// The baseline: a plain Node loop spawning `sh -c true` N times, K at a time.
import { spawn } from 'node:child_process';

const total = Number(process.argv[2] ?? 200);
const parallel = Number(process.argv[3] ?? 1);
let next = 0;
const worker = async () => {
  while (next < total) {
    next++;
    await new Promise((resolve) => spawn('sh', ['-c', 'true'], { stdio: 'ignore' }).on('close', resolve));
  }
};
await Promise.all(Array.from({ length: parallel }, worker));
