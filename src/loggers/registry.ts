/**
 * Turns `--logger SPEC` strings into Loggers. Validation is synchronous and imports nothing heavy;
 * each logger's implementation is loaded only when a spec asks for it, so `workblock add` stays fast.
 */
import { resolve } from 'node:path';
import type { Logger } from './logger.js';
import { parseLoggerSpec, parseLoggerSpecs, type LoggerSpec } from './spec.js';
import { LOGGER_TIMEOUT_MS, loggerTimeoutFromEnv } from './timeout.js';

export interface LoggerOptions {
  /** Relative paths in specs (files, programs, modules) are resolved against it. */
  cwd: string;
  /** Where default files go: worklog.md, worklog.jsonl. */
  dataDir: string;
  /** Every exec:, argv:, webhook: and module: logger's timeout; default WORKBLOCK_LOGGER_TIMEOUT_MS, else each kind's own. */
  timeoutMs?: number;
}

/** Throws UsageError naming the problem and the fix; cheap enough to run before opening the DB. */
export function validateLoggerSpec(spec: string): void {
  parseLoggerSpec(spec);
}

/** Also rejects combinations, such as `none` next to another logger, and a bad WORKBLOCK_LOGGER_TIMEOUT_MS. */
export function validateLoggerSpecs(specs: string[]): void {
  parseLoggerSpecs(specs);
  loggerTimeoutFromEnv();
}

/** Every spec is validated before any logger is created, so a bad one leaves nothing half-built. */
export async function createLoggers(specs: string[], opts: LoggerOptions): Promise<Logger[]> {
  const parsed = parseLoggerSpecs(specs);
  opts = { ...opts, timeoutMs: opts.timeoutMs ?? loggerTimeoutFromEnv() };
  const loggers: Logger[] = [];
  try {
    for (const spec of parsed) {
      const logger = await createLogger(spec, opts);
      if (logger) loggers.push(logger);
    }
  } catch (err) {
    // The creation error is the one worth reporting; closing is best-effort tidying of the others.
    await Promise.allSettled(loggers.map((l) => l.close?.()));
    throw err;
  }
  return loggers;
}

async function createLogger(spec: LoggerSpec, opts: LoggerOptions): Promise<Logger | null> {
  switch (spec.kind) {
    case 'markdown': {
      const { createMarkdownLogger } = await import('./markdown.js');
      return createMarkdownLogger(filePath(spec.path, 'worklog.md', opts));
    }
    case 'jsonl': {
      const { createJsonlLogger } = await import('./jsonl.js');
      return createJsonlLogger(filePath(spec.path, 'worklog.jsonl', opts));
    }
    case 'exec': {
      const { createExecLogger } = await import('./exec.js');
      return createExecLogger(spec.argv, { cwd: opts.cwd, timeoutMs: opts.timeoutMs });
    }
    case 'argv': {
      const { createArgvLogger } = await import('./argv.js');
      return createArgvLogger(spec.argv, { cwd: opts.cwd, timeoutMs: opts.timeoutMs });
    }
    case 'webhook': {
      const { createWebhookLogger } = await import('./webhook.js');
      return createWebhookLogger(spec.url, { timeoutMs: opts.timeoutMs });
    }
    case 'module': {
      const [{ loadModuleLogger }, { withTimeout }] = await Promise.all([import('./module.js'), import('./timeout.js')]);
      return withTimeout(await loadModuleLogger(spec.path, opts), opts.timeoutMs ?? LOGGER_TIMEOUT_MS);
    }
    case 'none':
      return null;
  }
}

function filePath(path: string | null, defaultName: string, opts: LoggerOptions): string {
  return path ? resolve(opts.cwd, path) : resolve(opts.cwd, opts.dataDir, defaultName);
}
