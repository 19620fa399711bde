/** Splits a logger spec like `prog --flag "two words"` into argv, the way a POSIX shell would quote, but without a shell. */

/** Thrown for text that cannot be split; the registry turns it into a UsageError naming the spec. */
export class ArgvSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgvSplitError';
  }
}

/**
 * Whitespace separates words; 'single quotes' are literal; "double quotes" allow \" and \\;
 * a backslash outside quotes takes the next character literally. No expansion of any kind,
 * so `$(...)`, globs and `;` stay plain text.
 */
export function splitArgv(text: string): string[] {
  const words: string[] = [];
  let word = '';
  // Separate from `word !== ''` so that "" still yields an empty argument.
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ArgvSplitError('unterminated single quote');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      const [content, next] = readDoubleQuoted(text, i + 1);
      word += content;
      inWord = true;
      i = next;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) throw new ArgvSplitError('trailing backslash');
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else {
      word += ch;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Returns the unescaped content and the index just past the closing quote. */
function readDoubleQuoted(text: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return [out, i + 1];
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      out += text[i + 1];
      i += 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  throw new ArgvSplitError('unterminated double quote');
}
