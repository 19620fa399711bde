/**
 * Terminal-safe text: control characters and escape sequences from tasks, results and command output
 * are shown as visible escapes (`\e[2J`, `\x07`, `\u202e`) instead of reaching the terminal, where
 * they could clear the screen, retitle the window, hide text or reorder it (bidi overrides).
 */

/** C0 and C1 controls, DEL, and the bidi embedding, override and isolate marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\x1b') return '\\e';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line for a table cell or a progress line: whitespace runs become one space, controls escapes. */
export function visibleLine(text: string): string {
  return text.replace(/[ \t\n\r]+/g, ' ').replace(UNSAFE, escapeChar);
}

/** Multi-line text (show, logs): newlines (also CRLF) and tabs kept, every other control made visible. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE_EXCEPT_LINES, escapeChar);
}

/** A TSV field: tab, newline, carriage return and backslash escaped as `\t` `\n` `\r` `\\`, controls visible. */
export function tsvField(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(UNSAFE, escapeChar);
}
