import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExecLogger } from '../../src/loggers/exec.js';
import { ENV_VALUE_MAX_CHARS } from '../../src/loggers/record.js';
import { createLoggers } from '../../src/loggers/registry.js';
import { LOG_RECORD_KEYS } from '../helpers/log-record-keys.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { REPO_ROOT, useTempDir } from './temp-dir.js';

const tempDir = useTempDir();
const FIXTURE = 'test/fixtures/exec-logger.mjs';

interface FixtureReport {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

function readReport(path: string): FixtureReport {
  return JSON.parse(readFileSync(path, 'utf8')) as FixtureReport;
}

describe('exec logger', () => {
  it('writes the JSON record on stdin and sets the WORKBLOCK_ variables', async () => {
    const out = join(tempDir(), 'report.json');
    const [logger] = await createLoggers([`exec:node ${FIXTURE} "${out}" --extra "two words"`], { cwd: REPO_ROOT, dataDir: tempDir() });
    expect(logger.name).toBe('exec:node');
    await logger.log(sampleBlock({ nextStep: '' }), sampleOutcome(), sampleContext('key-42'));
    const report = readReport(out);
    expect(report.argv).toEqual(['--extra', 'two words']);
    expect(JSON.parse(report.stdin)).toMatchObject({ idempotency_key: 'key-42', id: 7, task: 'Write the loggers', outcome: 'success' });
    // The one record of the JSON vocabulary (the jsonl line's), nothing beside it: every key the shipped schema's logRecord has, and only those.
    expect(Object.keys(JSON.parse(report.stdin)).sort()).toEqual(LOG_RECORD_KEYS);
    // (The test runner's own WORKBLOCK_TEST_BACKEND is inherited like any variable; it is not the record's.)
    const { WORKBLOCK_TEST_BACKEND: _backend, ...env } = report.env as Record<string, string>;
    expect(env).toEqual({
      WORKBLOCK_ID: '7',
      WORKBLOCK_TASK: 'Write the loggers',
      WORKBLOCK_RESULT: 'markdown and jsonl loggers work',
      WORKBLOCK_INSIGHT: 'one fd per run keeps appends cheap',
      WORKBLOCK_NEXT_STEP: '',
      WORKBLOCK_OUTCOME: 'success',
      WORKBLOCK_EXIT_CODE: '0',
      WORKBLOCK_DURATION_MS: '1500',
      WORKBLOCK_IDEMPOTENCY_KEY: 'key-42',
    });
  });

  it('rejects with the exit code and the last stderr line when the program fails', async () => {
    const out = join(tempDir(), 'report.json');
    const logger = createExecLogger(['node', FIXTURE, out], { cwd: REPO_ROOT });
    await expect(logger.log(sampleBlock({ task: 'reject-me' }), sampleOutcome(), sampleContext()))
      .rejects.toThrow('logger exec:node exited with code 3: exec logger: refused reject-me');
  });

  it('accepts a program that exits 0 without reading its stdin, even with a large record', async () => {
    const logger = createExecLogger(['node', '-e', 'process.exit(0)'], { cwd: REPO_ROOT });
    await expect(logger.log(sampleBlock({ result: 'x'.repeat(1_000_000) }), sampleOutcome(), sampleContext())).resolves.toBeUndefined();
  });

  it('caps long fields in the environment but keeps them whole on stdin', async () => {
    const out = join(tempDir(), 'report.json');
    const logger = createExecLogger(['node', FIXTURE, out], { cwd: REPO_ROOT });
    const result = 'é'.repeat(300_000);
    await logger.log(sampleBlock({ result }), sampleOutcome(), sampleContext());
    const report = readReport(out);
    expect(report.env.WORKBLOCK_RESULT).toBe(result.slice(0, ENV_VALUE_MAX_CHARS));
    expect((JSON.parse(report.stdin) as { result: string }).result).toBe(result);
  });

  it('rejects when the program does not exist', async () => {
    const logger = createExecLogger(['/nonexistent/workblock-logger'], { cwd: REPO_ROOT });
    await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext()))
      .rejects.toThrow(/^logger exec:\/nonexistent\/workblock-logger could not start: .*ENOENT/);
  });

  it('kills a program that runs past its timeout and rejects', async () => {
    const logger = createExecLogger(['node', '-e', 'setTimeout(() => {}, 20000)'], { cwd: REPO_ROOT, timeoutMs: 200 });
    const started = Date.now();
    await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext())).rejects.toThrow('logger exec:node timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs the program in cwd without a shell, so metacharacters stay literal', async () => {
    const dir = tempDir();
    const logger = createExecLogger(['node', '-e', 'require("fs").writeFileSync("args.json", JSON.stringify(process.argv.slice(1)))', '$(touch pwned)', '; echo hi'], { cwd: dir });
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    expect(JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'))).toEqual(['$(touch pwned)', '; echo hi']);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });
});
