import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonlLogger } from '../../src/loggers/jsonl.js';
import { failedOutcome, sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { useTempDir } from './temp-dir.js';

const tempDir = useTempDir();

describe('jsonl logger', () => {
  it('writes one complete JSON record per line', async () => {
    const path = join(tempDir(), 'worklog.jsonl');
    const logger = createJsonlLogger(path);
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext('key-1'));
    await logger.log(sampleBlock({ id: 8, task: 'second', tags: [], name: 'build' }), failedOutcome({ attempt: 2 }), sampleContext('key-2'));
    await logger.close?.();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      idempotency_key: 'key-1',
      id: 7,
      task: 'Write the loggers',
      result: 'markdown and jsonl loggers work',
      insight: 'one fd per run keeps appends cheap',
      next_step: 'wire them into execute',
      priority: 0,
      tags: ['loggers'],
      name: null,
      outcome: 'success',
      exit_code: 0,
      signal: null,
      timed_out: false,
      duration_ms: 1500,
      attempt: 1,
      started_at: '2025-01-15T09:30:00.000Z',
      finished_at: '2025-01-15T09:30:01.500Z',
    });
    expect(lines[1]).toMatchObject({ idempotency_key: 'key-2', id: 8, name: 'build', outcome: 'failed', exit_code: 3, attempt: 2 });
  });

  it('keeps newlines in fields from breaking the one-line-per-block format', async () => {
    const path = join(tempDir(), 'worklog.jsonl');
    const logger = createJsonlLogger(path);
    await logger.log(sampleBlock({ result: 'a\nb\n' }), sampleOutcome(), sampleContext());
    await logger.close?.();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
  });

  it('creates the file readable by its owner only', async () => {
    const path = join(tempDir(), 'data', 'worklog.jsonl');
    const logger = createJsonlLogger(path);
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    await logger.close?.();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
