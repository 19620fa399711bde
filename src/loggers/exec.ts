/** The exec logger: runs a program (no shell) with the block's JSON record on stdin and WORKBLOCK_* in its env. */
import type { Logger } from './logger.js';
import { buildRecord } from './record.js';
import { runLoggerProcess, type SpawnLoggerOptions } from './spawn-logger.js';

export function createExecLogger(argv: string[], opts: SpawnLoggerOptions): Logger {
  const label = `exec:${argv[0]}`;
  return {
    name: label,
    async log(block, outcome, ctx) {
      const record = buildRecord(block, outcome, ctx);
      await runLoggerProcess({ label, argv, cwd: opts.cwd, record, input: `${JSON.stringify(record)}\n`, timeoutMs: opts.timeoutMs });
    },
  };
}
