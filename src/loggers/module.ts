/** The module logger: a user's own ESM file whose default export is a Logger or a factory returning one. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { importModule } from '../import-module.js';
import type { Logger } from './logger.js';

export interface ModuleLoggerOptions {
  cwd: string;
  dataDir: string;
}

export async function loadModuleLogger(path: string, opts: ModuleLoggerOptions): Promise<Logger> {
  let loaded: { default?: unknown };
  try {
    loaded = (await importModule(pathToFileURL(resolve(opts.cwd, path)).href)) as { default?: unknown };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`module logger ${path} could not be loaded (${why}): check the path and that it is valid ESM`);
  }
  const exported = loaded.default;
  const candidate: unknown = typeof exported === 'function' ? await (exported as (o: ModuleLoggerOptions) => unknown)(opts) : exported;
  if (!hasLogFunction(candidate)) {
    throw new UsageError(`module logger ${path} has no default export Logger: export default { name, log(block, outcome, ctx) } or a factory returning one`);
  }
  if (typeof candidate.name === 'string') return candidate as Logger;
  // A name is only needed for error messages; give nameless loggers their spec.
  return {
    name: `module:${path}`,
    log: candidate.log.bind(candidate),
    close: typeof candidate.close === 'function' ? (candidate.close as () => Promise<void>).bind(candidate) : undefined,
  };
}

interface LogFunctionHolder {
  name?: unknown;
  log: Logger['log'];
  close?: unknown;
}

function hasLogFunction(value: unknown): value is LogFunctionHolder {
  return typeof value === 'object' && value !== null && typeof (value as { log?: unknown }).log === 'function';
}
