import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createLoggers } from '../../src/loggers/registry.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { REPO_ROOT, useTempDir } from './temp-dir.js';
import { ok } from '../helpers/cli.js';

const tempDir = useTempDir();

describe('module logger', () => {
  it('calls a default-export factory with cwd and dataDir and uses the Logger it returns', async () => {
    const dataDir = tempDir();
    const [logger] = await createLoggers(['module:test/fixtures/module-logger.mjs'], { cwd: REPO_ROOT, dataDir });
    expect(logger.name).toBe('fixture-module');
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext('key-9'));
    expect(readFileSync(join(dataDir, 'module-log.txt'), 'utf8')).toBe(`7|Write the loggers|true|key-9|${REPO_ROOT}\n`);
  });

  it('is loaded by the built CLI too (whose bundle runs from a code cache)', () => {
    const cwd = tempDir();
    ok(['add', 'logged by a module'], { cwd });
    ok(['execute', '--logger', `module:${join(REPO_ROOT, 'test/fixtures/module-logger.mjs')}`], { cwd });
    expect(readFileSync(join(cwd, 'data', 'module-log.txt'), 'utf8')).toMatch(/^1\|logged by a module\|true\|wb-1-/);
  });

  it('accepts a default-export Logger object and names it after its spec when it has no name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'object.mjs'), 'export const seen = [];\nexport default { async log(block) { seen.push(block.id); } };\n');
    const [logger] = await createLoggers(['module:object.mjs'], { cwd: dir, dataDir: dir });
    expect(logger.name).toBe('module:object.mjs');
    await logger.log(sampleBlock({ id: 31 }), sampleOutcome(), sampleContext());
    const mod = (await import(join(dir, 'object.mjs'))) as { seen: number[] };
    expect(mod.seen).toEqual([31]);
  });

  it('rejects a module whose default export is not a Logger', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.mjs'), 'export const log = () => {};\n');
    const loading = createLoggers(['module:bad.mjs'], { cwd: dir, dataDir: dir });
    await expect(loading).rejects.toThrow(UsageError);
    await expect(loading).rejects.toThrow(/^module logger bad\.mjs has no default export Logger/);
  });

  it('rejects a module that cannot be found with a UsageError', async () => {
    const dir = tempDir();
    await expect(createLoggers(['module:missing.mjs'], { cwd: dir, dataDir: dir }))
      .rejects.toThrow(/^module logger missing\.mjs could not be loaded/);
  });
});
