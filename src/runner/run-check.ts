/**
 * Runs one pre-flight check: the user's own shell command, in its own process group so a timeout
 * reaches its children too. Only the verdict and the tail of its output are kept.
 */
import { spawn } from '../child-process.js';
import { shortDuration } from '../format/duration.js';

export const CHECK_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 2_000;
const TAIL_CHARS = 2_000;

export interface CheckRequest {
  check: string;
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface CheckResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** why it failed, with the last line it printed; null when ok */
  error: string | null;
}

export function runCheck(req: CheckRequest): Promise<CheckResult> {
  const started = performance.now();
  const timeoutMs = req.timeoutMs ?? CHECK_TIMEOUT_MS;
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', req.check], { cwd: req.cwd, env: { ...process.env, ...req.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch (e) {
        // ESRCH: the group is already gone, which is what we wanted.
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    const finish = (exitCode: number | null, signal: string | null, startError?: string) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      const ok = exitCode === 0 && !timedOut && !startError;
      const last = tail.trim().split('\n').pop()?.trim();
      const why = startError ?? (timedOut ? `no exit within ${shortDuration(timeoutMs)}` : signal ? `killed by ${signal}` : `exit ${exitCode}`);
      resolve({ ok, exitCode, signal, timedOut, durationMs: Math.round(performance.now() - started), error: ok ? null : `check failed: ${why}${last ? `: ${last}` : ''}` });
    };
    child.on('error', (e) => finish(null, null, `could not start: ${e.message}`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
