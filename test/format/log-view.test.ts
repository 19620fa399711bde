import { describe, expect, it } from 'vitest';
import { interleaveLogs, parseSwitches } from '../../src/format/log-view.js';

const START1 = '--- attempt 1 started 2026-11-29T10:00:00.000Z';
const END1 = '--- attempt 1 failed: command exited with code 1';
const START2 = '--- attempt 2 started 2026-11-29T10:00:01.000Z';
const END2 = '--- attempt 2 succeeded';

const file = (...lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));
/** The offset in `buf` just past the first occurrence of `text`. */
const after = (buf: Buffer, text: string) => buf.indexOf(text) + Buffer.byteLength(text);

describe('interleaveLogs', () => {
  it('puts stdout before stderr within an attempt when no switch was recorded', () => {
    const out = file(START1, 'o1', 'o2', END1);
    const err = file(START1, 'e1', END1);
    expect(interleaveLogs(out, err)).toBe(`${START1}\no1\no2\ne1\n${END1}\n`);
  });

  it('follows the recorded switches, starting with whichever stream wrote first', () => {
    const out = file(START1, 'o1', 'o2', END1);
    const err = file(START1, 'e1', 'e2', END1);
    const switches = parseSwitches(`e ${after(err, 'e1\n')}\no ${after(out, 'o1\n')}\ne ${after(err, 'e2\n')}\n`);
    expect(interleaveLogs(out, err, switches)).toBe(`${START1}\ne1\no1\ne2\no2\n${END1}\n`);
  });

  it('after the last recorded stretch of one stream, shows the other stream first', () => {
    const out = file(START1, 'o1', 'o2', END1);
    const err = file(START1, 'e1', END1);
    expect(interleaveLogs(out, err, [{ stream: 'o', offset: after(out, 'o1\n') }])).toBe(`${START1}\no1\ne1\no2\n${END1}\n`);
  });

  it('applies each switch only inside its own attempt', () => {
    const out = file(START1, 'a', 'b', END1, START2, 'c', 'd', END2);
    const err = file(START1, 'x', END1, START2, 'y', END2);
    const switches = [{ stream: 'o' as const, offset: after(out, 'a\n') }, { stream: 'o' as const, offset: after(out, 'c\n') }];
    expect(interleaveLogs(out, err, switches)).toBe(`${START1}\na\nx\nb\n${END1}\n${START2}\nc\ny\nd\n${END2}\n`);
  });

  it('ends a line cut by a switch, so the other stream starts on a line of its own', () => {
    const out = Buffer.from(`${START1}\nprogress...done\n${END1}\n`);
    const err = file(START1, 'warning', END1);
    const switches = [{ stream: 'o' as const, offset: after(out, 'progress...') }, { stream: 'e' as const, offset: after(err, 'warning\n') }];
    expect(interleaveLogs(out, err, switches)).toBe(`${START1}\nprogress...\nwarning\ndone\n${END1}\n`);
  });

  it('skips lines of the switch file it cannot read, and shows output written before any marker', () => {
    expect(parseSwitches('o 12\ngarbage\ne 4\no 1')).toEqual([
      { stream: 'o', offset: 12 },
      { stream: 'e', offset: 4 },
      { stream: 'o', offset: 1 },
    ]);
    expect(interleaveLogs(Buffer.from('old output\n'), Buffer.alloc(0))).toBe('old output\n');
  });
});
