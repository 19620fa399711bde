/** `workblock run FILE --check`: runs only the batch's pre-flight checks and prints ONLINE / OFFLINE per command. */
import { printJson } from '../format/output.js';
import path from 'node:path';
import type { BatchCommand } from '../batch/batch-file.js';
import { redactText } from '../redact.js';
import { runCheck, type CheckResult } from '../runner/run-check.js';
import { setExitCode } from './context.js';

export interface CheckLine {
  name: string;
  status: 'online' | 'offline';
  check: string | null;
  exit_code: number | null;
  duration_ms: number;
  error: string | null;
}

/** Runs the checks, at most `concurrency` at once, in batch order; a command without a check is online. */
export async function checkBatch(commands: BatchCommand[], concurrency: number, cwd = process.cwd()): Promise<CheckLine[]> {
  const results: CheckLine[] = new Array(commands.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < commands.length; i = next++) {
      const c = commands[i];
      const r: CheckResult | null = c.check ? await runCheck({ check: c.check, cwd: path.resolve(cwd, c.cwd ?? '.'), env: c.env }) : null;
      results[i] = { name: c.name, status: !r || r.ok ? 'online' : 'offline', check: c.check ? redactText(c.check, c.env) : null, exit_code: r?.exitCode ?? null, duration_ms: r?.durationMs ?? 0, error: r?.error ? redactText(r.error, c.env) : null };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, commands.length) }, worker));
  return results;
}

export async function printBatchChecks(commands: BatchCommand[], concurrency: number, json: boolean): Promise<void> {
  const lines = await checkBatch(commands, concurrency);
  const online = lines.every((l) => l.status === 'online');
  if (json) printJson({ online, commands: lines });
  else for (const l of lines) process.stdout.write(`${l.status === 'online' ? 'ONLINE ' : 'OFFLINE'} ${l.name}${l.check ? '' : ' (no check)'}${l.error ? `: ${l.error}` : ''}\n`);
  if (!online) setExitCode(1);
}
