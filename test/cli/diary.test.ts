import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir } from '../helpers/cli.js';

/** The diary's sections by heading task, from the file `execute` wrote with the default markdown logger. */
function diarySections(cwd: string): Map<string, string> {
  const text = fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8');
  return new Map(text.split(/^## /m).filter(Boolean).map((s) => [s.slice(0, s.indexOf(' — ')), s]));
}

describe('the markdown diary through execute', () => {
  it('gives each block its id and tags, a command its duration and last lines of output, and a note no duration', () => {
    const cwd = tempDir();
    ok(['add', 'build it', '--tag', 'nightly', '--tag', 'ci', '--cmd', 'for i in $(seq 1 15); do echo line $i; done'], { cwd });
    ok(['add', 'a note', '--tag', 'docs'], { cwd });
    ok(['execute'], { cwd });
    const sections = diarySections(cwd);
    const build = sections.get('build it')!;
    expect(build).toContain('- Block: #1 · tags: nightly, ci\n');
    expect(build).toMatch(/^- Duration: [\d.]+ (ms|s)$/m);
    expect(build).toContain('output (last lines):\n```text\nline 6\n');
    expect(build).toContain('line 15\n```');
    expect(build).not.toContain('line 5\n');
    const note = sections.get('a note')!;
    expect(note).toContain('- Block: #2 · tags: docs\n');
    expect(note).not.toContain('Duration');
    expect(note).not.toContain('output (last lines)');
  });
});
