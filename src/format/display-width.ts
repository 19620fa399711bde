/**
 * How many terminal columns text takes, and cutting it to a width with an ellipsis. East Asian wide
 * characters and emoji take two columns, combining marks and format characters none. (A simpler
 * cousin of string-width: no grapheme segmentation, which costs 45 ms to load, for the rare cluster.)
 */

const ASCII = /^[\x20-\x7e]*$/;
let zeroWidth: RegExp | undefined;
let wide: RegExp | undefined;

function charWidth(ch: string): number {
  zeroWidth ??= /^[\p{Mn}\p{Me}\p{Cf}\u200b\ufe00-\ufe0f]$/u;
  wide ??= /^[\p{Extended_Pictographic}\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]$/u;
  if (zeroWidth.test(ch)) return 0;
  return wide.test(ch) ? 2 : 1;
}

export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** Text cut to at most `max` columns, ending in `…` when anything was cut. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return '';
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Text padded with spaces to `width` columns (on the left for right-aligned numbers). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}
