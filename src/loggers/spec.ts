/** Parses `--logger SPEC` text into a typed spec, cheaply and synchronously, so bad specs fail before the DB is touched. */
import { UsageError } from '../errors.js';
import { redactUrls } from '../format/redact.js';
import { ArgvSplitError, splitArgv } from './argv-split.js';

export type LoggerSpec =
  | { kind: 'markdown'; path: string | null }
  | { kind: 'jsonl'; path: string | null }
  | { kind: 'exec'; argv: string[] }
  | { kind: 'argv'; argv: string[] }
  | { kind: 'webhook'; url: string }
  | { kind: 'module'; path: string }
  | { kind: 'none' };

const USE_ONE_OF = 'use markdown[:PATH], jsonl[:PATH], exec:PROGRAM ARGS, argv:PROGRAM ARGS, webhook:URL, module:PATH or none';

/** Throws UsageError with one line naming the problem and the fix. */
export function parseLoggerSpec(spec: string): LoggerSpec {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? null : text.slice(colon + 1).trim();
  switch (kind) {
    case 'markdown':
    case 'jsonl':
      if (arg === '') throw new UsageError(`logger ${kind}: needs a path after the colon: use ${kind} or ${kind}:PATH`);
      return { kind, path: arg };
    case 'exec':
    case 'argv':
      return { kind, argv: parseProgram(kind, arg) };
    case 'webhook':
      return { kind, url: parseWebhookUrl(arg) };
    case 'module':
      if (!arg) throw new UsageError('logger module: needs a path: use module:PATH');
      return { kind, path: arg };
    case 'none':
      if (arg !== null) throw new UsageError('logger none takes no argument: use none');
      return { kind };
    case '':
      throw new UsageError(`empty logger spec: ${USE_ONE_OF}`);
    default:
      if (/^https?$/i.test(kind)) throw new UsageError(`unknown logger "${kind}": to POST to a URL use webhook:URL`);
      throw new UsageError(`unknown logger "${redactUrls(kind)}": ${USE_ONE_OF}`);
  }
}

/** `none` means "no loggers"; next to another logger it is almost certainly a mistake. */
export function parseLoggerSpecs(specs: string[]): LoggerSpec[] {
  const parsed = specs.map(parseLoggerSpec);
  if (parsed.length > 1 && parsed.some((s) => s.kind === 'none')) {
    throw new UsageError('logger none cannot be combined with other loggers: drop none or the others');
  }
  return parsed;
}

function parseProgram(kind: 'exec' | 'argv', arg: string | null): string[] {
  let argv: string[];
  try {
    argv = splitArgv(arg ?? '');
  } catch (err) {
    if (!(err instanceof ArgvSplitError)) throw err;
    throw new UsageError(`logger ${kind}: ${err.message}: close the quote or escape the character with \\`);
  }
  if (argv.length === 0 || argv[0] === '') throw new UsageError(`logger ${kind}: needs a program: use ${kind}:PROGRAM ARGS`);
  return argv;
}

function parseWebhookUrl(arg: string | null): string {
  const fix = 'use webhook:https://HOST/PATH';
  if (!arg) throw new UsageError(`logger webhook: needs a URL: ${fix}`);
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    // The text may hold a token, so it is never echoed back.
    throw new UsageError(`logger webhook: the URL is not valid: ${fix}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`logger webhook: only http: and https: URLs are accepted, not ${url.protocol}: ${fix}`);
  }
  return arg;
}
