/** The public library API: `import { openQueue } from 'workblock'`. */
export { openQueue, Queue, DEFAULT_N, type OpenQueueOptions, type QueueExecuteOptions } from './workblock.js';
export type { WorkBlock, NewBlock, ExecOutcome, ExecuteSummary, BlockReport, HistoryEntry, Command } from './queue/types.js';
export type { Logger, LogContext } from './loggers/logger.js';
export { UsageError, RuntimeFailure } from './errors.js';
