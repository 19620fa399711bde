/**
 * The argv logger, for legacy scripts: runs PROGRAM ARGS... task result insight next_step,
 * each field its own argv element (never through a shell), plus the WORKBLOCK_* env.
 */
import type { Logger } from './logger.js';
import { buildRecord } from './record.js';
import { runLoggerProcess, type SpawnLoggerOptions } from './spawn-logger.js';

export function createArgvLogger(argv: string[], opts: SpawnLoggerOptions): Logger {
  const label = `argv:${argv[0]}`;
  return {
    name: label,
    async log(block, outcome, ctx) {
      const record = buildRecord(block, outcome, ctx);
      const fields = [block.task, block.result, block.insight, block.nextStep];
      await runLoggerProcess({ label, argv: [...argv, ...fields], cwd: opts.cwd, record, timeoutMs: opts.timeoutMs });
    },
  };
}
