/** A checked batch → blocks for one add call: the command name is the task, dependencies by position. */
import path from 'node:path';
import type { NewBlock } from '../queue/types.js';
import type { BatchCommand } from './batch-file.js';

export function batchToBlocks(commands: BatchCommand[], batch: string, cwd: string): NewBlock[] {
  const index = new Map(commands.map((c, i) => [c.name, i]));
  return commands.map((c) => ({
    task: c.name,
    command: { shell: c.command },
    cwd: path.resolve(cwd, c.cwd ?? '.'),
    env: c.env,
    priority: c.priority,
    tags: c.tags,
    maxRetries: c.retries,
    retryDelayMs: c.retryDelayMs,
    timeoutMs: c.timeoutMs,
    afterIndex: c.dependsOn.map((d) => index.get(d)!),
    batch,
    // The name is kept per run: two runs of one file can both have a "test".
    runName: c.name,
    check: c.check ?? null,
  }));
}
