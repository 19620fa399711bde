import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLoggers } from '../../src/loggers/registry.js';
import type { Logger } from '../../src/loggers/logger.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { REPO_ROOT, useTempDir } from './temp-dir.js';

const tempDir = useTempDir();
const SPEC = 'argv:python3 test/fixtures/legacy-logger.py';

interface LegacyLine {
  task: string;
  result: string;
  insight: string;
  next_step: string;
  argc: number;
  env_task: string;
}

describe('argv logger (legacy python convention)', () => {
  let dir = '';
  let logFile = '';
  let logger: Logger;

  beforeEach(async () => {
    dir = tempDir();
    logFile = join(dir, 'legacy.jsonl');
    // The legacy script finds its output file through the environment, as it did before workblock.
    process.env.LEGACY_LOG_FILE = logFile;
    [logger] = await createLoggers([SPEC], { cwd: REPO_ROOT, dataDir: dir });
  });

  afterEach(() => {
    delete process.env.LEGACY_LOG_FILE;
  });

  function readLines(): LegacyLine[] {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as LegacyLine);
  }

  it('passes task fields as four separate arguments without a shell', async () => {
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    expect(readLines()).toEqual([{
      task: 'Write the loggers',
      result: 'markdown and jsonl loggers work',
      insight: 'one fd per run keeps appends cheap',
      next_step: 'wire them into execute',
      argc: 4,
      env_task: 'Write the loggers',
    }]);
  });

  it('delivers shell metacharacters byte-identical and never runs them', async () => {
    const pwned = join(dir, 'pwned');
    const task = `$(touch ${pwned}); rm -rf x "quoted" 'single' \`touch ${pwned}\` | cat > ${pwned} & ünïcødé`;
    await logger.log(sampleBlock({ task, result: '', insight: '*', nextStep: '$HOME' }), sampleOutcome(), sampleContext());
    const [line] = readLines();
    expect(line.task).toBe(task);
    expect(Buffer.from(line.task, 'utf8').equals(Buffer.from(task, 'utf8'))).toBe(true);
    expect([line.result, line.insight, line.next_step, line.argc]).toEqual(['', '*', '$HOME', 4]);
    expect(existsSync(pwned)).toBe(false);
  });

  it('rejects with the exit code and the last stderr line when the script exits non-zero', async () => {
    await expect(logger.log(sampleBlock({ task: 'fail-me' }), sampleOutcome(), sampleContext()))
      .rejects.toThrow('logger argv:python3 exited with code 3: legacy logger: refusing fail-me');
  });
});

describe('argv logger limits', () => {
  it('explains that an over-long field needs an exec logger instead', async () => {
    const dir = tempDir();
    const [logger] = await createLoggers([SPEC], { cwd: REPO_ROOT, dataDir: dir });
    await expect(logger.log(sampleBlock({ result: 'x'.repeat(200_000) }), sampleOutcome(), sampleContext()))
      .rejects.toThrow(/could not start: .*E2BIG.*use an exec: logger/);
  });
});
