/** exec:PROGRAM ARGS: runs the program without a shell, the summary JSON on its stdin; exit 0 accepts it. */
import { spawn } from '../child-process.js';
import { redactText } from '../redact.js';
import { shortDuration } from '../format/duration.js';
import { webhookPayload } from './webhook.js';
import type { NotifySummary } from './summary.js';

export const EXEC_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 2_000;
const STDERR_KEEP = 4_096;

export function sendExec(argv: string[], s: NotifySummary, label: string): Promise<void> {
  const [program, ...args] = argv;
  return new Promise<void>((resolve, reject) => {
    // stdout is dropped so a program's chatter never mixes into the CLI's own (possibly --json) output.
    const child = spawn(program, args, { shell: false, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, EXEC_TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEEP)));
    // A program that exits without reading stdin must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${JSON.stringify(webhookPayload(s))}\n`);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${label} could not start: ${redactText(err.message)}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(kill);
      if (code === 0) return resolve();
      const why = timedOut ? `no exit within ${shortDuration(EXEC_TIMEOUT_MS)}` : signal ? `killed by ${signal}` : `exit ${code}`;
      const tail = stderr.trim().split('\n').pop();
      reject(new Error(`${label} failed: ${why}${tail ? `: ${redactText(tail)}` : ''}`));
    });
  });
}
