import { describe, expect, it } from 'vitest';
import { displayWidth, truncate } from '../../src/format/display-width.js';
import { renderTable, renderTsv, type Column } from '../../src/format/table.js';
import { visibleLine, visibleText } from '../../src/format/terminal-text.js';

interface Row { id: number; task: string; tag: string }
const columns: Array<Column<Row>> = [
  { head: 'id', cell: (r) => r.id, align: 'right' },
  { head: 'task', cell: (r) => r.task, shrink: true },
  { head: 'tag', cell: (r) => r.tag },
];

describe('table layout', () => {
  it('counts wide characters as two columns and cuts by columns, not code units', () => {
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncate('日本語のテキスト', 7)).toBe('日本語…');
    expect(displayWidth(truncate('日本語のテキスト', 7))).toBeLessThanOrEqual(7);
    expect(truncate('short', 10)).toBe('short');
  });

  it('cuts only the shrinking columns, to the width, keeping the others whole', () => {
    const rows = [{ id: 1, task: 'x'.repeat(100), tag: 'docs' }, { id: 22, task: '日本語'.repeat(20), tag: 'review' }];
    const lines = renderTable(columns, rows, 40).split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(lines[1]).toMatch(/^ 1  x+…  docs$/);
    expect(lines[2]).toMatch(/^22  [日本語]+…? *review$/);
  });

  it('leaves a table that fits alone, and keeps a minimum for the cut column on a tiny terminal', () => {
    const rows = [{ id: 1, task: 'a task', tag: 't' }];
    expect(renderTable(columns, rows, 80)).toBe('id  task    tag\n 1  a task  t');
    const tiny = renderTable(columns, [{ id: 1, task: 'a much longer task text', tag: 't' }], 10).split('\n')[1];
    expect(tiny).toBe(' 1  a much long…  t');
  });

  it('writes TSV with escapes for tabs, newlines, backslashes and controls', () => {
    expect(renderTsv(columns, [{ id: 1, task: 'a\tb\nc\\d\x1b[0m', tag: '' }])).toBe('id\ttask\ttag\n1\ta\\tb\\nc\\\\d\\e[0m\t');
  });

  it('shows controls visibly, keeping line breaks only in multi-line text', () => {
    expect(visibleLine('a\nb\x1b]0;t\x07\u202e')).toBe('a b\\e]0;t\\x07\\u202e');
    expect(visibleText('a\r\nb\rc\x00')).toBe('a\r\nb\\rc\\x00');
  });
});
