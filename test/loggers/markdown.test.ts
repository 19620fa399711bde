import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'date-fns/format';
import { describe, expect, it } from 'vitest';
import { createMarkdownLogger } from '../../src/loggers/markdown.js';
import { formatShortDuration, renderMarkdownEntry } from '../../src/loggers/markdown-entry.js';
import { failedOutcome, sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { useTempDir } from './temp-dir.js';

const tempDir = useTempDir();

describe('markdown logger', () => {
  it('appends a diary section with the task, local time, fields, duration and outcome', async () => {
    const path = join(tempDir(), 'worklog.md');
    const logger = createMarkdownLogger(path);
    const outcome = sampleOutcome();
    await logger.log(sampleBlock(), outcome, sampleContext());
    await logger.close?.();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe([
      `## Write the loggers — ${format(outcome.finishedAt, 'yyyy-MM-dd HH:mm')}`,
      '',
      '- Block: #7 · tags: loggers',
      '- Result: markdown and jsonl loggers work',
      '- Insight: one fd per run keeps appends cheap',
      '- Next step: wire them into execute',
      '- Outcome: success (exit 0)',
      '',
      '',
    ].join('\n'));
  });

  it('creates the file 0600 inside a new 0700 directory', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const path = join(dir, 'worklog.md');
    const logger = createMarkdownLogger(path);
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext());
    await logger.close?.();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('appends to an existing diary instead of replacing it', async () => {
    const path = join(tempDir(), 'worklog.md');
    for (const task of ['first', 'second']) {
      const logger = createMarkdownLogger(path);
      await logger.log(sampleBlock({ task }), sampleOutcome(), sampleContext());
      await logger.close?.();
    }
    expect(readFileSync(path, 'utf8').match(/^## (\w+)/gm)).toEqual(['## first', '## second']);
  });

  it('does not open a file until the first block is logged', async () => {
    const path = join(tempDir(), 'never', 'worklog.md');
    await createMarkdownLogger(path).close?.();
    expect(() => statSync(path)).toThrow(/ENOENT/);
  });

  // Its speed is measured in bench/ (execute 10,000 blocks), not asserted here.
  it('appends one section per block for 10,000 blocks through one open file', async () => {
    const path = join(tempDir(), 'worklog.md');
    const logger = createMarkdownLogger(path);
    const block = sampleBlock({ command: { shell: 'make test' } });
    const outcome = sampleOutcome();
    for (let i = 0; i < 10_000; i++) await logger.log(block, outcome, sampleContext(`k${i}`));
    await logger.close?.();
    expect(readFileSync(path, 'utf8').match(/^## /gm)).toHaveLength(10_000);
  });
});

describe('renderMarkdownEntry', () => {
  it('leaves out empty result, insight and next step lines', () => {
    const text = renderMarkdownEntry(sampleBlock({ result: '', insight: '  ', nextStep: '' }), sampleOutcome());
    expect(text).not.toMatch(/Result|Insight|Next step/);
  });

  it('shows a redacted command and the stderr tail of a failed block', () => {
    const block = sampleBlock({
      command: { shell: 'deploy --token hunter2hunter2 https://bob:pw@example.com/x' },
      env: { DEPLOY_TOKEN: 'hunter2hunter2' },
    });
    const text = renderMarkdownEntry(block, failedOutcome({ stderrTail: 'step 1\nauth hunter2hunter2 refused\n' }));
    expect(text).toContain('- Outcome: failed (exit 3)');
    expect(text).toContain('- Command: ` deploy --token *** https://***@example.com/x `');
    expect(text).toContain('stderr (last lines):\n```text\nstep 1\nauth *** refused\n```');
    expect(text).not.toContain('hunter2');
  });

  it('keeps stderr out of successful blocks', () => {
    const text = renderMarkdownEntry(sampleBlock(), sampleOutcome({ stderrTail: 'warning: noisy' }));
    expect(text).not.toContain('noisy');
  });

  it('quotes argv commands so they read like a shell line', () => {
    const text = renderMarkdownEntry(sampleBlock({ command: { argv: ['git', 'commit', '-m', "it's done"] } }), sampleOutcome());
    expect(text).toContain(`- Command: \` git commit -m 'it'\\''s done' \``);
  });

  it('says when a block timed out or was killed by a signal', () => {
    expect(renderMarkdownEntry(sampleBlock(), failedOutcome({ timedOut: true, exitCode: null, signal: 'SIGTERM' })))
      .toContain('- Outcome: failed: timed out');
    expect(renderMarkdownEntry(sampleBlock(), failedOutcome({ exitCode: null, signal: 'SIGKILL' })))
      .toContain('- Outcome: failed: killed by SIGKILL');
  });

  it('keeps a multi-line task on one heading line and multi-line results inside their item', () => {
    const text = renderMarkdownEntry(sampleBlock({ task: 'fix\nthe build', result: 'line one\nline two' }), sampleOutcome());
    expect(text).toMatch(/^## fix the build — /);
    expect(text).toContain('- Result: line one\n  line two');
  });

  it('shows each block its own local minute, even right after a block from another minute', () => {
    const first = sampleOutcome();
    const later = sampleOutcome({ finishedAt: first.finishedAt + 61_000 });
    for (const outcome of [first, later, first]) {
      expect(renderMarkdownEntry(sampleBlock(), outcome)).toContain(`— ${format(outcome.finishedAt, 'yyyy-MM-dd HH:mm')}\n`);
    }
  });

  it('formats durations briefly', () => {
    expect([850, 12_345, 245_000, 7_380_000].map(formatShortDuration)).toEqual(['850 ms', '12.3 s', '4 min 5 s', '2 h 3 min']);
  });

  it('rounds a diary duration up to the next unit instead of printing "60 s" or ".0"', () => {
    const entry = (durationMs: number) => /- Duration: (.*)/.exec(renderMarkdownEntry(sampleBlock({ command: { shell: 'make' } }), sampleOutcome({ durationMs })))![1];
    expect([299_600, 59_960, 999.7, 2000, 3_600_000].map(entry)).toEqual(['5 min', '1 min', '1 s', '2 s', '1 h']);
  });

  it('gives a command block its duration, command and last lines of output, and a note none of them', () => {
    const command = renderMarkdownEntry(sampleBlock({ command: { shell: 'npm test' }, tags: [] }), sampleOutcome({ stdoutTail: Array.from({ length: 15 }, (_, i) => `line ${i + 1}`).join('\n') }));
    expect(command).toContain('- Block: #7\n');
    expect(command).toContain('- Duration: 1.5 s');
    expect(command).toContain('- Command: ` npm test `');
    expect(command).toContain('output (last lines):\n```text\nline 6\n');
    expect(command).toContain('line 15\n```');
    expect(command).not.toContain('line 5\n');
    const note = renderMarkdownEntry(sampleBlock(), sampleOutcome({ durationMs: 0 }));
    expect(note).not.toContain('Duration');
    expect(note).not.toContain('output (last lines)');
  });
});
