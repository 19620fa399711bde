/**
 * How long a logger may take to accept a block. A logger that never answers would otherwise hold
 * execute (and the block) forever; past its timeout a delivery counts as not accepted and the block
 * stays queued for the next execute, with the reason in last_error.
 */
import { UsageError } from '../errors.js';
import { shortDuration } from '../format/duration.js';
import type { Logger } from './logger.js';

/** exec:, argv: and module: loggers, unless WORKBLOCK_LOGGER_TIMEOUT_MS says otherwise. */
export const LOGGER_TIMEOUT_MS = 30_000;
/** A webhook is one HTTP request: a shorter default, unless WORKBLOCK_LOGGER_TIMEOUT_MS says otherwise. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Node timers fire at once for delays of 2^31 ms or more, which would time every delivery out. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The timeout set in the environment, or undefined for each kind's default; throws UsageError when it is not a valid number. */
export function loggerTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.WORKBLOCK_LOGGER_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
    throw new UsageError(`WORKBLOCK_LOGGER_TIMEOUT_MS=${text} is not a timeout: use whole milliseconds from 1 to ${MAX_TIMEOUT_MS}, e.g. 30000`);
  }
  return ms;
}

/**
 * For loggers whose work cannot be cancelled from outside (a module's own code): the delivery is
 * refused at the deadline; whatever the module still does afterwards no longer holds execute up.
 */
export function withTimeout(logger: Logger, timeoutMs: number): Logger {
  return {
    name: logger.name,
    log(block, outcome, ctx) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`logger ${logger.name} timed out after ${shortDuration(timeoutMs)}`)), timeoutMs);
      });
      return Promise.race([logger.log(block, outcome, ctx), deadline]).finally(() => clearTimeout(timer));
    },
    close: logger.close?.bind(logger),
  };
}
