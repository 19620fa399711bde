import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createLoggers, validateLoggerSpec, validateLoggerSpecs } from '../../src/loggers/registry.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { useTempDir } from './temp-dir.js';

const tempDir = useTempDir();

function usageMessage(spec: string): string {
  try {
    validateLoggerSpec(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error(`expected ${spec} to be rejected`);
}

describe('validateLoggerSpec', () => {
  it('accepts every documented spec form', () => {
    for (const spec of ['markdown', 'markdown:notes/log.md', 'jsonl', 'jsonl:/tmp/x.jsonl', 'exec:notify "a b"',
      'argv:python3 legacy.py', 'webhook:https://example.com/hook', 'webhook:http://127.0.0.1:8080/x', 'module:./my.mjs', 'none']) {
      expect(() => validateLoggerSpec(spec)).not.toThrow();
    }
  });

  it('names an unknown kind and lists the valid ones', () => {
    expect(usageMessage('foo')).toBe(
      'unknown logger "foo": use markdown[:PATH], jsonl[:PATH], exec:PROGRAM ARGS, argv:PROGRAM ARGS, webhook:URL, module:PATH or none',
    );
    expect(usageMessage('foo:bar')).toMatch(/^unknown logger "foo": use markdown/);
  });

  it('points a bare URL at the webhook form', () => {
    expect(usageMessage('https://example.com/hook')).toBe('unknown logger "https": to POST to a URL use webhook:URL');
  });

  it('rejects a webhook that is not http or https', () => {
    expect(usageMessage('webhook:ftp://example.com/drop')).toMatch(/^logger webhook: only http: and https: URLs are accepted, not ftp:/);
  });

  it('rejects a webhook URL that does not parse without echoing it', () => {
    const message = usageMessage('webhook:not a url token=s3cret');
    expect(message).toMatch(/not valid/);
    expect(message).not.toContain('s3cret');
  });

  it('rejects exec and argv specs without a program', () => {
    expect(usageMessage('exec:')).toBe('logger exec: needs a program: use exec:PROGRAM ARGS');
    expect(usageMessage('exec:   ')).toBe('logger exec: needs a program: use exec:PROGRAM ARGS');
    expect(usageMessage('argv')).toBe('logger argv: needs a program: use argv:PROGRAM ARGS');
  });

  it('rejects an exec spec with an unterminated quote', () => {
    expect(usageMessage('exec:notify "oops')).toMatch(/^logger exec: unterminated double quote/);
  });

  it('rejects empty paths, a module without a path and arguments to none', () => {
    expect(usageMessage('markdown:')).toMatch(/^logger markdown: needs a path/);
    expect(usageMessage('module:')).toBe('logger module: needs a path: use module:PATH');
    expect(usageMessage('none:x')).toBe('logger none takes no argument: use none');
    expect(usageMessage('')).toMatch(/^empty logger spec/);
  });

  it('rejects none combined with other loggers', () => {
    expect(() => validateLoggerSpecs(['none', 'markdown'])).toThrow(UsageError);
    expect(() => validateLoggerSpecs(['markdown', 'jsonl'])).not.toThrow();
  });
});

describe('createLoggers', () => {
  it('returns no loggers for none or for no specs', async () => {
    const dir = tempDir();
    expect(await createLoggers(['none'], { cwd: dir, dataDir: dir })).toEqual([]);
    expect(await createLoggers([], { cwd: dir, dataDir: dir })).toEqual([]);
  });

  it('writes markdown and jsonl to default files in the data directory', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const loggers = await createLoggers(['markdown', 'jsonl'], { cwd: dir, dataDir });
    expect(loggers.map((l) => l.name)).toEqual([`markdown:${join(dataDir, 'worklog.md')}`, `jsonl:${join(dataDir, 'worklog.jsonl')}`]);
    for (const logger of loggers) await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    for (const logger of loggers) await logger.close?.();
    expect(readFileSync(join(dataDir, 'worklog.md'), 'utf8')).toContain('## Write the loggers');
    expect(JSON.parse(readFileSync(join(dataDir, 'worklog.jsonl'), 'utf8')).id).toBe(7);
  });

  it('resolves relative file paths against cwd', async () => {
    const dir = tempDir();
    const [logger] = await createLoggers(['jsonl:logs/out.jsonl'], { cwd: dir, dataDir: join(dir, 'data') });
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    await logger.close?.();
    expect(existsSync(join(dir, 'logs', 'out.jsonl'))).toBe(true);
  });

  it('creates nothing when any spec is invalid', async () => {
    const dir = tempDir();
    await expect(createLoggers(['markdown', 'bogus'], { cwd: dir, dataDir: dir })).rejects.toThrow(UsageError);
  });
});
