/** Parses `--notify SPEC` (`TARGET:ARG[,on=WHEN]`) into a closed union, before the database is touched. */
import { UsageError } from '../errors.js';
import { redactUrls } from '../redact.js';
import { ArgvSplitError, splitArgv } from '../loggers/argv-split.js';

/** failure: only when something failed; completion: only when everything succeeded; always: both. */
export type NotifyWhen = 'failure' | 'completion' | 'always';

export type NotifyTarget = { kind: 'webhook' | 'discord' | 'slack'; url: string } | { kind: 'exec'; argv: string[] };

export type NotifySpec = NotifyTarget & { on: NotifyWhen; label: string };

const USE = 'use webhook:URL, discord:URL, slack:URL or exec:PROGRAM ARGS, optionally followed by ,on=failure|completion|always';
const WHEN = ['failure', 'completion', 'always'] as const;

export function parseNotifySpec(spec: string): NotifySpec {
  let text = spec.trim();
  let on: NotifyWhen = 'always';
  const suffix = /,on=([a-z]*)$/i.exec(text);
  if (suffix) {
    if (!(WHEN as readonly string[]).includes(suffix[1])) throw new UsageError(`--notify: bad on=${suffix[1]}: use on=failure, on=completion or on=always`);
    on = suffix[1] as NotifyWhen;
    text = text.slice(0, suffix.index);
  }
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? '' : text.slice(colon + 1).trim();
  const target = parseTarget(kind, arg);
  // The label names the target in messages; it never holds a token (see redact.ts).
  const label = target.kind === 'exec' ? `exec:${target.argv[0]}` : `${target.kind}:${redactUrls(target.url)}`;
  return { ...target, on, label };
}

export function parseNotifySpecs(specs: string[]): NotifySpec[] {
  return specs.map(parseNotifySpec);
}

function parseTarget(kind: string, arg: string): NotifyTarget {
  switch (kind) {
    case 'webhook':
    case 'discord':
    case 'slack':
      return { kind, url: parseUrl(kind, arg) };
    case 'exec':
      return { kind, argv: parseProgram(arg) };
    default:
      throw new UsageError(`--notify: unknown target "${redactUrls(kind)}": ${USE}`);
  }
}

function parseUrl(kind: string, arg: string): string {
  const fix = `use ${kind}:https://HOST/PATH`;
  if (!arg) throw new UsageError(`--notify ${kind}: needs a URL: ${fix}`);
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    // The text may hold a token, so it is never echoed back.
    throw new UsageError(`--notify ${kind}: the URL is not valid: ${fix}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--notify ${kind}: only http: and https: URLs are accepted: ${fix}`);
  return arg;
}

function parseProgram(arg: string): string[] {
  let argv: string[];
  try {
    argv = splitArgv(arg);
  } catch (err) {
    if (!(err instanceof ArgvSplitError)) throw err;
    throw new UsageError(`--notify exec: ${err.message}: close the quote or escape the character with \\`);
  }
  if (!argv.length || argv[0] === '') throw new UsageError('--notify exec: needs a program: use exec:PROGRAM ARGS');
  return argv;
}
