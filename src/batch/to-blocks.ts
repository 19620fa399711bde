/** A checked batch → blocks for one add call: the command's task (default its name), dependencies by position. */
import type { NewBlock } from '../queue/types.js';
import type { BatchCommand } from './batch-file.js';

export function batchToBlocks(commands: BatchCommand[], batch: string): NewBlock[] {
  const index = new Map(commands.map((c, i) => [c.name, i]));
  return commands.map((c) => ({
    task: c.task,
    command: c.command,
    cwd: c.cwd,
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
